import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, until, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  createConsumerTables,
  createEventBus,
  createOutboxTable,
  type BusDatabase,
  type EventBus,
} from './index';
import { OutboxRepository, type UndeclaredEvent } from './outbox';
import { startKafkaMock, type KafkaForTests } from '../testing/kafka-mock';
import { topicOf } from './topics';

/**
 * The Kafka adapter's consumers on librdkafka's mock cluster while the cluster misbehaves: the
 * broker goes down in the middle of a stream and comes back, and a second member joins the group
 * in the middle of a stream (a rebalance). Every event is handled; what is delivered twice (offsets
 * not yet committed when the broker went away or the partition moved) is absorbed by the inbox.
 */
/** The tables of the bus's own handle (any): the made-up events here live in `src`. */
type BusTables = BusDatabase extends Kysely<infer T> ? T : never;
type Effect = { event_id: string; consumer: string; key: string; n: number };

const relayFailures = { count: 0 };
const logger = {
  debug: (_: object, msg?: string) => {
    if (msg?.startsWith('outbox relay could not publish')) relayFailures.count++;
  },
  info() {},
  warn() {},
  error: (_: object, msg?: string) => {
    if (msg?.startsWith('outbox relay could not publish')) relayFailures.count++;
  },
};

describe('Kafka consumers survive broker restarts and rebalances (librdkafka mock cluster)', () => {
  let t: TestDatabase;
  let db: BusDatabase;
  let kafka: KafkaForTests;
  const buses: EventBus[] = [];
  const newBus = () => {
    const bus = createEventBus({
      db,
      logger,
      kafka: { brokers: kafka.brokers, autoCreateTopics: false },
      clientId: 'resilience',
      kafkaSessionTimeoutMs: 10_000,
      retryBaseMs: 20,
      retryMaxMs: 200,
      pollMs: 50,
    });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    [t, kafka] = await Promise.all([createTestDatabase('postgres'), startKafkaMock()]);
    db = t.db.kysely;
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
            await sql`create table dst.effect (seq serial primary key, event_id uuid not null,
              consumer text not null, key text not null, n integer not null)`.execute(k);
          },
        },
      },
    });
  }, 60_000);

  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await kafka.close();
    await t.dispose();
  });

  const publish = async (type: string, items: { key: string; n: number }[]) => {
    await db.transaction().execute(async (trx) => {
      const outbox = new OutboxRepository<BusTables, UndeclaredEvent>(trx, 'src');
      for (const i of items) await outbox.append({ type, version: 1 }, i.key, { n: i.n }, new Date());
    });
  };
  const effects = async (type: string) =>
    (
      await sql<Effect>`select e.event_id, e.consumer, e.key, e.n from dst.effect e
        join src.outbox o on o.id = e.event_id where o.type = ${type} order by e.seq`.execute(db)
    ).rows;
  const handler = (consumer: string, onHandled?: (count: number) => void) => {
    let handled = 0;
    return async (event: { id: string; key: string; data: unknown }, trx: BusDatabase) => {
      await sql`insert into dst.effect (event_id, consumer, key, n)
        values (${event.id}, ${consumer}, ${event.key}, ${(event.data as { n: number }).n})`.execute(trx);
      onHandled?.(++handled);
    };
  };
  /** Every published event has exactly one effect, and each key's effects are in publish order. */
  const expectEachOnceInOrder = (rows: Effect[], published: number) => {
    expect(rows).toHaveLength(published);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(published);
    const byKey = new Map<string, number[]>();
    for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.n]);
    for (const ns of byKey.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b));
  };

  it('the broker goes down in the middle of a stream and comes back: every event is handled once', async () => {
    const type = 'resa.thing.happened';
    await kafka.createTopic(topicOf(type), 4);
    const bus = newBus();
    await bus.prepare();
    const stopRelay = await bus.startRelay('src');
    const outage: { down?: Promise<void> } = {};
    // Down while the consumer is inside a fetched batch (the 10th handled of 40 already relayed):
    // its offsets are not committed yet, so part of the batch comes again after the restart.
    const stop = await bus.subscribe({
      group: 'g-restart',
      schema: 'dst',
      types: [type],
      handle: handler('a', (count) => {
        if (count === 10) outage.down = kafka.brokerDown(1);
      }),
    });
    const keys = (n: number) => `k${n % 8}`;
    await publish(
      type,
      Array.from({ length: 40 }, (_, n) => ({ key: keys(n), n })),
    );
    await until(
      'the broker taken down mid-stream',
      () => Promise.resolve(outage.down !== undefined),
      (taken) => taken,
      60_000,
    );
    await outage.down;
    const failedBefore = relayFailures.count;
    await publish(
      type,
      Array.from({ length: 20 }, (_, i) => ({ key: keys(40 + i), n: 40 + i })),
    );
    // Not a pause: the relay has tried twice and failed since, so the broker is down for clients.
    await until(
      'two failed relay attempts',
      () => Promise.resolve(relayFailures.count),
      (n) => n >= failedBefore + 2,
      60_000,
    );
    expect((await effects(type)).length).toBeLessThan(60);
    await kafka.brokerUp(1);
    const rows = await until(
      'all 60 after the broker returned',
      () => effects(type),
      (r) => r.length >= 60,
      90_000,
    );
    // A marker behind each key's events: once they are handled, any redelivery came before them.
    await publish(
      type,
      Array.from({ length: 8 }, (_, k) => ({ key: `k${k}`, n: 1000 })),
    );
    await until(
      'the markers',
      () => effects(type),
      (r) => r.filter((x) => x.n === 1000).length === 8,
      60_000,
    );
    expectEachOnceInOrder(
      (await effects(type)).filter((r) => r.n < 1000),
      60,
    );
    expect(rows.length).toBe(60);
    await stop();
    await stopRelay();
  }, 150_000);

  it('a second member joins the group in the middle of a stream: the partitions are shared, every event handled once', async () => {
    const type = 'resb.thing.happened';
    await kafka.createTopic(topicOf(type), 4);
    const first = newBus();
    const stopRelay = await first.startRelay('src');
    const group = 'g-rebalance';
    const sub = { group, schema: 'dst', types: [type] };
    const second: { joining?: Promise<() => Promise<void>> } = {};
    const stopFirst = await first.subscribe({
      ...sub,
      handle: handler('first', (count) => {
        // The second member is started from inside the stream, while the first has a batch in hand.
        if (count === 10) second.joining = newBus().subscribe({ ...sub, handle: handler('second') });
      }),
    });
    // A steady stream until the second member has handled some of it (it owns partitions then).
    let n = 0;
    const deadline = Date.now() + 90_000;
    for (;;) {
      await publish(type, [{ key: `k${n % 12}`, n }]);
      n++;
      const rows = await effects(type);
      if (rows.some((r) => r.consumer === 'second') && n >= 40) break;
      if (Date.now() > deadline) throw new Error('the second member never got a partition');
      await sleep(25);
    }
    const rows = await until(
      'every published event',
      () => effects(type),
      (r) => r.length >= n,
      60_000,
    );
    await publish(
      type,
      Array.from({ length: 12 }, (_, k) => ({ key: `k${k}`, n: 100_000 })),
    );
    await until(
      'the markers',
      () => effects(type),
      (r) => r.filter((x) => x.n === 100_000).length === 12,
      60_000,
    );
    const all = (await effects(type)).filter((r) => r.n < 100_000);
    expectEachOnceInOrder(all, n);
    expect(rows.some((r) => r.consumer === 'first')).toBe(true);
    expect(all.some((r) => r.consumer === 'second')).toBe(true);
    const stopSecond = await second.joining;
    await stopSecond?.();
    await stopFirst();
    await stopRelay();
  }, 150_000);
});
