import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, ProblemTypes } from '@cybertacotruck/contracts';
import { adminUrl, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  ask,
  dayAt,
  hold,
  reserveAndConfirm,
  searchAvailability,
  seedCustomerAndCars,
  type Answer,
  type SessionHeaders,
} from './support/api-journey';
import { startApp, type AppProcess } from './support/app-process';
import { DEMO_OPERATOR } from './support/operator';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const PHONE = '+12025550143';

/**
 * Terminates this test database's backends from the app (as a failover or a server restart does);
 * only this database's, so other processes on the same server are untouched. Returns how many
 * were idle and how many were running a statement or holding a transaction.
 */
async function terminateBackends(database: string): Promise<{ idle: number; busy: number }> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ idle: number; busy: number }>(
      `select count(*) filter (where state = 'idle')::int as idle,
              count(*) filter (where state <> 'idle')::int as busy
       from (select state, pg_terminate_backend(pid) from pg_stat_activity
             where datname = $1 and application_name like 'cybertacotruck-%') terminated`,
      [database],
    );
    return rows[0] ?? { idle: 0, busy: 0 };
  } finally {
    await admin.end();
  }
}

/** Concurrent clients searching and reserving in a loop until stopped; every answer is kept. */
function startLoad(url: string, customer: SessionHeaders, cars: Array<{ id: string }>, clients: number) {
  const answers: Answer[] = [];
  let stopped = false;
  let n = 0;
  const loops = Array.from({ length: clients }, async (_, client) => {
    while (!stopped) {
      const i = n++;
      const from = dayAt(20 + (i % 200));
      const to = dayAt(21 + (i % 200));
      const car = cars[i % cars.length];
      answers.push(
        client % 2 === 0 && car
          ? await hold(url, customer, car.id, from, to, `load-${i}`)
          : await searchAvailability(url, customer, from, to),
      );
    }
  });
  return {
    answers,
    /** How many answers so far were successes (2xx). */
    successes: () => answers.filter((a) => a.status >= 200 && a.status < 300).length,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** A 503 must be a problem document a client can act on: a stable type and Retry-After. */
const unacceptable = (a: Answer) =>
  a.status === 0 ||
  (a.status >= 500 &&
    !(
      a.status === 503 &&
      a.contentType.startsWith(PROBLEM_CONTENT_TYPE) &&
      a.problemType !== undefined &&
      a.retryAfter !== null
    ));

describe('the database goes away, the process stays', () => {
  let database: TestDatabase;
  let databaseName = '';
  let proxy: TcpProxy;
  let app: AppProcess;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('expected a server database');
    const direct = new URL(database.target.url);
    databaseName = direct.pathname.slice(1);
    // The app reaches the server through a relay the test can cut (an outage only this app sees).
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-db-loss-'));
    app = await startApp({
      DATABASE_URL: viaProxy.toString(),
      DATA_DIR: dataDir,
      OPERATOR_PHONE: DEMO_OPERATOR.phone,
      OPERATOR_PASSWORD: DEMO_OPERATOR.password,
      // The Tesla simulator's sync adds nothing here but load on two shared cores.
      TESLA_SYNC: 'false',
    });
  });

  afterAll(async () => {
    await app.stop();
    await proxy.close();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const alive = () => app.child.exitCode === null && app.child.signalCode === null;
  const ready = async () => {
    if (!alive()) throw new Error(`the app exited with ${String(app.child.exitCode)}:\n${log()}`);
    return (await ask(app.url, '/health/ready', { headers: {} })).status;
  };
  const log = () => app.output().slice(-8000);

  it('answers 503 problem+json while the database is lost, recovers by itself, loses no event', async () => {
    const { customer, cars } = await seedCustomerAndCars(app.url, {
      cars: 5,
      phone: PHONE,
      vinPrefix: '5YJYGDEE9PF',
    });

    // Idle connections only (no load yet): the process must not notice beyond its next query.
    expect((await terminateBackends(databaseName)).idle).toBeGreaterThan(0);
    expect(alive(), log()).toBe(true);
    await expect.poll(ready, { timeout: 30_000 }).toBe(200);

    // The last car is kept out of the load: the SMS about it can only be the final confirmation's.
    const load = startLoad(app.url, customer, cars.slice(0, -1), 8);
    try {
      // Under load, several times, until connections were killed while running or in a transaction.
      let busy = 0;
      for (let round = 0; round < 5 || busy === 0; round++) {
        if (round >= 40) throw new Error('no backend was ever caught busy');
        const before = load.successes();
        await expect.poll(load.successes, { timeout: 30_000 }).toBeGreaterThan(before);
        busy += (await terminateBackends(databaseName)).busy;
        expect(alive(), log()).toBe(true);
      }
      await expect.poll(ready, { timeout: 30_000 }).toBe(200);

      // A longer outage: nothing reaches the server (refused connections, cut sockets).
      await proxy.down();
      await expect.poll(ready, { timeout: 30_000 }).toBe(503);
      const during = await searchAvailability(app.url, customer, dayAt(30), dayAt(31));
      expect(during).toMatchObject({ status: 503, problemType: ProblemTypes.databaseUnavailable });
      expect(during.contentType).toContain(PROBLEM_CONTENT_TYPE);
      expect(Number(during.retryAfter)).toBeGreaterThan(0);
      const from = load.answers.length;
      await expect
        .poll(() => load.answers.slice(from).filter((a) => a.status === 503).length, { timeout: 30_000 })
        .toBeGreaterThan(5);
      expect(alive(), log()).toBe(true);

      await proxy.up();
      await expect.poll(ready, { timeout: 30_000 }).toBe(200);
      const after = load.successes();
      await expect.poll(load.successes, { timeout: 30_000 }).toBeGreaterThan(after + 5);
    } finally {
      await load.stop();
    }

    expect(alive(), log()).toBe(true);
    expect(load.answers.filter(unacceptable), log()).toEqual([]);
    expect(load.answers.some((a) => a.status === 503)).toBe(true);
    expect(app.output()).not.toContain('closing after an unhandled error');

    // Afterwards everything works, and the relays and consumers resumed with nothing lost: a
    // confirmation written now is published to the bus and handled by the notification group, every
    // outbox row written under load is published, and no event was parked because of the outage.
    const car = cars.at(-1);
    if (!car) throw new Error('no car');
    const confirmed = await reserveAndConfirm(app.url, customer, car.id, dayAt(300), dayAt(302));
    const db = database.db.kysely;
    await expect
      .poll(
        async () =>
          (
            await sql<{ handled: boolean }>`select exists (
              select 1 from notification.inbox i join bus.event_log e on e.id = i.event_id
              where e.type = 'reservation.reservation.confirmed'
                and e.data ->> 'reservationId' = ${confirmed.id}) as handled`.execute(db)
          ).rows[0]?.handled,
        { timeout: 60_000, interval: 250 },
      )
      .toBe(true);
    const outboxes = await sql<{ schema: string }>`select table_schema as schema
      from information_schema.tables where table_name = 'outbox'`.execute(db);
    expect(outboxes.rows.length).toBeGreaterThan(0);
    const unpublished = async () => {
      let n = 0;
      for (const { schema } of outboxes.rows)
        n +=
          (
            await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, 'outbox')}
            where published_at is null`.execute(db)
          ).rows[0]?.n ?? 0;
      return n;
    };
    await expect.poll(unpublished, { timeout: 60_000, interval: 250 }).toBe(0);
    const parked = await sql<{ type: string; error: string }>`select type, error
      from notification.dead_letter`.execute(db);
    expect(parked.rows).toEqual([]);

    expect(await app.stop(), `exit code; the app said:\n${log()}`).toBe(0);
  });
});
