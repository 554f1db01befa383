import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database';
import { isDatabaseUnavailable } from './errors';
import { adminUrl, createTestDatabase, type TestDatabase } from '../testing';

/** Terminates every backend of this application name, as a failover or a server restart does. */
async function terminateBackends(applicationName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await admin.end();
  }
}

// Only the server has connections to lose; PGlite runs in the process.
describe('a PostgreSQL server connection that goes away', () => {
  const applicationName = `cybertacotruck-test-${randomBytes(4).toString('hex')}`;
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    if (test.target.kind !== 'postgres') throw new Error('expected a server database');
    db = await createDatabase({ ...test.target, applicationName, poolMax: 2, connectTimeoutMs: 300 });
  });
  afterAll(async () => {
    await db.close();
    await test.dispose();
  });

  it('fails the query it was running, not the process, and the next query reconnects', async () => {
    // Before the fix the client's 'error' event had no listener while a query held it: an
    // uncaught exception (vitest reports it and fails the run; the app's process exited with 1).
    const running = sql`select pg_sleep(30)`.execute(db.kysely).then(
      () => null,
      (e: unknown) => e,
    );
    await expect.poll(() => terminateBackends(applicationName)).toBeGreaterThan(0);
    const error = await running;
    expect(isDatabaseUnavailable(error)).toBe(true);
    await db.ping();
  });

  it('fails a transaction whose connection dies between statements, and nothing else', async () => {
    let backendGone!: () => void;
    const gone = new Promise<void>((resolve) => (backendGone = resolve));
    const transaction = db.kysely
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        // The connection is checked out but idle in the transaction when its backend is terminated.
        expect(await terminateBackends(applicationName)).toBeGreaterThan(0);
        await gone;
        await sql`select 1`.execute(trx);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    // The socket's close reaches the client on a later turn of the event loop.
    setTimeout(backendGone, 200);
    const error = await transaction;
    expect(isDatabaseUnavailable(error)).toBe(true);
    await db.ping();
  });

  it('reports a pool that cannot hand out a connection in time as unavailable', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding: Array<Promise<void>> = [];
    const holders = [1, 2].map((i) => {
      let hold!: () => void;
      holding.push(new Promise<void>((resolve) => (hold = resolve)));
      return db.kysely.transaction().execute(async (trx) => {
        await sql`select ${i}`.execute(trx);
        hold();
        await held;
      });
    });
    // Both connections are in transactions: the next query waits connectTimeoutMs, then fails.
    await Promise.all(holding);
    const error: unknown = await db.ping().then(
      () => null,
      (e: unknown) => e,
    );
    release();
    await Promise.all(holders);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('tells a lost connection from a fault of the statement', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })], ''),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57014' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('relation "x" does not exist'))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});
