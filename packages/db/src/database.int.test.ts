import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './database';
import { isExclusionViolation, isUniqueViolation } from './errors';
import { migrateSchema, pendingMigrations, type SchemaMigrations } from './migrations';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../testing';

type Tables = {
  'probe.claim': { id: number; vehicle: string; during: string };
  'probe.counter': { id: number; value: number };
};

const probe: SchemaMigrations = {
  schema: 'probe',
  migrations: {
    '0001_claims': {
      async up(db) {
        await sql`create extension if not exists btree_gist`.execute(db);
        await sql`create table probe.claim (
          id serial primary key,
          vehicle text not null,
          during tstzrange not null,
          constraint claim_no_overlap exclude using gist (vehicle with =, during with &&)
        )`.execute(db);
        await sql`create table probe.counter (id int primary key, value int not null)`.execute(db);
        await sql`insert into probe.counter values (1, 0)`.execute(db);
      },
    },
  },
};

describe.each(TEST_ENGINES)('database on %s', (engine) => {
  let test: TestDatabase;
  let db: Kysely<Tables>;

  beforeAll(async () => {
    test = await createTestDatabase(engine);
    db = test.db.kysely.withTables<Tables>();
  });
  afterAll(() => test.dispose());

  it('applies migrations once and reports none pending afterwards', async () => {
    expect(await pendingMigrations(test.db, probe)).toEqual(['0001_claims']);
    expect(await migrateSchema(test.db, probe)).toEqual(['0001_claims']);
    expect(await migrateSchema(test.db, probe)).toEqual([]);
    expect(await pendingMigrations(test.db, probe)).toEqual([]);
  });

  it('enforces a btree_gist exclusion constraint on overlapping half-open ranges', async () => {
    await db
      .insertInto('probe.claim')
      .values({ id: 1, vehicle: 'A', during: '[2030-01-01,2030-01-05)' })
      .execute();
    // Touching ranges do not overlap: [1,5) and [5,8).
    await db
      .insertInto('probe.claim')
      .values({ id: 2, vehicle: 'A', during: '[2030-01-05,2030-01-08)' })
      .execute();
    await db
      .insertInto('probe.claim')
      .values({ id: 3, vehicle: 'B', during: '[2030-01-02,2030-01-04)' })
      .execute();
    const overlap = db
      .insertInto('probe.claim')
      .values({ id: 4, vehicle: 'A', during: '[2030-01-04,2030-01-06)' })
      .execute();
    const error = await overlap.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isExclusionViolation(error, 'claim_no_overlap')).toBe(true);
    const duplicate = await db
      .insertInto('probe.claim')
      .values({ id: 1, vehicle: 'C', during: '[2031-01-01,2031-01-02)' })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(duplicate)).toBe(true);
    const { count } = await db
      .selectFrom('probe.claim')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(3); // bigint count parsed to a number on both engines
  });

  it('rolls back a failed transaction completely', async () => {
    const failed = db.transaction().execute(async (trx) => {
      await trx.updateTable('probe.counter').set({ value: 100 }).where('id', '=', 1).execute();
      throw new Error('abort');
    });
    await expect(failed).rejects.toThrow('abort');
    const row = await db
      .selectFrom('probe.counter')
      .select('value')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.value).toBe(0);
  });

  it('keeps concurrent read-modify-write transactions isolated (row locks on the server, one session on PGlite)', async () => {
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction().execute(async (trx) => {
          const { value } = await trx
            .selectFrom('probe.counter')
            .select('value')
            .where('id', '=', 1)
            .forUpdate()
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('probe.counter')
            .set({ value: value + 1 })
            .where('id', '=', 1)
            .execute();
        }),
      ),
    );
    const row = await db
      .selectFrom('probe.counter')
      .select('value')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.value).toBe(25);
  });

  it('reports affected rows for updates and deletes', async () => {
    const updated = await db
      .updateTable('probe.counter')
      .set({ value: 7 })
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await db.deleteFrom('probe.claim').where('vehicle', '=', 'B').executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(1n);
    // A WITH statement whose outer command has parentheses of its own (PGlite is told the command).
    await sql`insert into probe.claim (id, vehicle, during) values (1001, 'W', '[2030-01-01,2030-01-02)'), (1002, 'W', '[2030-02-01,2030-02-02)')`.execute(
      db,
    );
    const withDelete = await sql`
      with "select" as materialized (select vehicle from probe.claim where vehicle = 'W' and during && '(,)')
      delete from probe.claim where vehicle in (select vehicle from "select") and (during && '[2030-01-01,2031-01-01)')`.execute(
      db,
    );
    expect(withDelete.numAffectedRows).toBe(2n);
    const withSelect =
      await sql`with x as (update probe.counter set value = value where id = 1 returning id) select * from x`.execute(
        db,
      );
    expect(withSelect.numAffectedRows).toBeUndefined();
    expect(withSelect.rows).toHaveLength(1);
  });

  it('returns dates as YYYY-MM-DD strings and timestamps as Dates', async () => {
    const { rows } = await sql<{
      d: string;
      t: Date;
    }>`select date '2030-03-04' as d, timestamptz '2030-03-04T05:06:07Z' as t`.execute(test.db.kysely);
    expect(rows[0]?.d).toBe('2030-03-04');
    expect(rows[0]?.t.toISOString()).toBe('2030-03-04T05:06:07.000Z');
  });
});

describe('embedded PGlite on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctt-pglite-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across restarts', async () => {
    const first = await createDatabase({ kind: 'pglite', dataDir: dir });
    await sql`create table kept (v text)`.execute(first.kysely);
    await sql`insert into kept values ('still here')`.execute(first.kysely);
    await first.close();
    const second = await createDatabase({ kind: 'pglite', dataDir: dir });
    const { rows } = await sql<{ v: string }>`select v from kept`.execute(second.kysely);
    await second.close();
    expect(rows).toEqual([{ v: 'still here' }]);
  });

  it('keeps its files to the owner: 0700 directories, 0600 files, old ones tightened too', async () => {
    const data = join(dir, 'private');
    // What an older version left: a world-readable dir and file (umask 022 and the 0666 default).
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'old-file'), 'x', { mode: 0o644 });
    chmodSync(join(data, 'old-file'), 0o644);
    const db = await createDatabase({ kind: 'pglite', dataDir: data });
    await sql`create table secrets (v text)`.execute(db.kysely);
    await sql`insert into secrets values ('argon2id hash')`.execute(db.kysely);
    await sql`checkpoint`.execute(db.kysely);
    await db.close();
    const open: string[] = [];
    const walk = (path: string) => {
      const { mode } = statSync(path);
      if ((mode & 0o077) !== 0) open.push(`${path} ${(mode & 0o777).toString(8)}`);
      for (const entry of statSync(path).isDirectory() ? readdirSync(path, { withFileTypes: true }) : [])
        if (entry.isDirectory() || entry.isFile()) walk(join(path, entry.name));
    };
    walk(data);
    expect(readdirSync(data).length).toBeGreaterThan(5);
    expect(open).toEqual([]);
  });
});
