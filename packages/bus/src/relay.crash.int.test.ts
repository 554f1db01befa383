import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { handleOnce, resolveOptions } from './core';
import {
  createConsumerTables,
  createOutboxTable,
  OutboxRepository,
  type Subscription,
  type UndeclaredEvent,
} from './index';
import { relayOnce, type OutgoingEvent, type Publish } from './relay';
import { CrashSwitch } from '../testing/crash-switch';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Where the relay crashes: right after reading its batch, after the transport took it, or with the mark lost. */
const STEPS: Array<{
  step: string;
  after: RegExp | null;
  mode?: 'after' | 'at';
  publishThenCrash?: boolean;
}> = [
  { step: 'read the batch', after: /^\s*select seq, id, type/ },
  { step: 'publish (the transport took the batch)', after: null, publishThenCrash: true },
  {
    step: 'mark published (the write is lost)',
    after: /^update "src"\."outbox" set published_at/,
    mode: 'at',
  },
  { step: 'mark published (committed)', after: /^update "src"\."outbox" set published_at/ },
];

// The transport is external here (as Kafka is): what it took stays taken when the relay dies.
// The consumer is the bus's own inbox dedupe (handleOnce): at least once on the wire, once in effect.
describe.each(TEST_ENGINES)('an outbox relay that crashes at any step, then resumes, on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await migrateSchema(t.db, {
      schema: 'src',
      migrations: { '0001': { up: (k) => createOutboxTable(k, 'src') } },
    });
    await migrateSchema(t.db, {
      schema: 'dst',
      migrations: {
        '0001': {
          async up(k) {
            await createConsumerTables(k, 'dst');
            await sql`create table dst.effect (event_id uuid not null, n integer not null)`.execute(k);
          },
        },
      },
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it.each(STEPS)(
    'crash after "$step": every event is delivered, each has one effect',
    async ({ after, mode, publishThenCrash }) => {
      const db = t.db.kysely;
      await sql`delete from src.outbox`.execute(db);
      await sql`delete from dst.effect`.execute(db);
      await sql`delete from dst.inbox`.execute(db);
      const ids = await db.transaction().execute(async (trx) => {
        const outbox = new OutboxRepository<object, UndeclaredEvent>(trx, 'src');
        const appended = await outbox.appendMany(
          { type: 'test.thing.happened', version: 1 },
          Array.from({ length: 12 }, (_, n) => ({ key: `k${n % 3}`, data: { n }, occurredAt: new Date() })),
        );
        return appended.map((e) => e.id);
      });
      const wire: OutgoingEvent[] = [];
      const transport: Publish = async (events) => {
        wire.push(...events);
      };
      const crash = new CrashSwitch(after, mode);
      const doomed = resolveOptions({ db: db.withPlugin(crash), logger: quiet });
      const publish: Publish = publishThenCrash
        ? async (events, trx) => {
            await transport(events, trx);
            crash.now('the transport took the batch');
          }
        : transport;
      await relayOnce(doomed, 'src', publish).catch(() => 0);
      expect(crash.crashed).not.toBeNull();

      const resumed = resolveOptions({ db, logger: quiet });
      while ((await relayOnce(resumed, 'src', transport)) > 0);
      const sub: Subscription = {
        group: 'g',
        schema: 'dst',
        types: ['test.thing.happened'],
        handle: async (event, trx) => {
          await sql`insert into dst.effect values (${event.id}, ${(event.data as { n: number }).n})`.execute(
            trx,
          );
        },
      };
      for (const event of wire) await handleOnce(db, sub, event.envelope);
      expect(new Set(wire.map((e) => e.envelope.id))).toEqual(new Set(ids));
      const effects = (await sql<{ event_id: string }>`select event_id from dst.effect`.execute(db)).rows;
      expect(effects.map((e) => e.event_id).sort()).toEqual([...ids].sort());
    },
  );
});
