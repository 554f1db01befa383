import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { ReservationEvents, type EventEnvelope, type ReservationExpiredV1 } from '@cybertacotruck/contracts';
import { migrateSchema } from '@cybertacotruck/db';
import { TEST_ENGINES, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { OutboxRepository, createOutboxTable, type OutboxTable, type UndeclaredEvent } from './outbox';

type Tables = { 'box.outbox': OutboxTable };
const EVENT = { type: 'test.thing.happened', version: 1 };

/**
 * Never called: `tsc` (npm run typecheck) checks these lines. A service's outbox takes only declared
 * events, each with the payload its declared schema describes; an `@ts-expect-error` that finds no
 * error fails the typecheck, so loosening `append` breaks the build.
 */
export function appendIsTyped(outbox: OutboxRepository<Tables>, facts: ReservationExpiredV1, at: Date) {
  expectTypeOf(
    outbox.append(ReservationEvents.expired, facts.reservationId, facts, at),
  ).resolves.toEqualTypeOf<EventEnvelope<ReservationExpiredV1>>();
  // @ts-expect-error: a payload missing the declared fields
  void outbox.append(ReservationEvents.expired, 'k', { reservationId: facts.reservationId }, at);
  // @ts-expect-error: the payload of another event (held needs holdExpiresAt)
  void outbox.append(ReservationEvents.held, 'k', facts, at);
  // @ts-expect-error: an event nobody declared
  void outbox.append({ type: 'reservation.reservation.teleported', version: 1 }, 'k', facts, at);
  // @ts-expect-error: a declared type at a version nobody declared
  void outbox.appendMany({ ...ReservationEvents.expired, version: 2 as const }, [
    { key: 'k', data: facts, occurredAt: at },
  ]);
}

describe.each(TEST_ENGINES)('outbox on %s', (engine) => {
  let t: TestDatabase;
  let db: Kysely<Tables>;
  const rows = () =>
    sql<{ id: string; key: string; data: { n: number }; occurred_at: Date }>`
      select id, key, data, occurred_at from box.outbox order by seq`.execute(db);

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    db = t.db.kysely.withTables<Tables>();
    await migrateSchema(t.db, {
      schema: 'box',
      migrations: { '0001': { up: (k) => createOutboxTable(k, 'box') } },
    });
  });
  afterAll(() => t.dispose());

  it('appends many events in the order given, in one transaction with the caller', async () => {
    const at = new Date('2026-11-26T10:00:00Z');
    const items = Array.from({ length: 2_345 }, (_, n) => ({
      key: `k-${n % 7}`,
      data: { n },
      occurredAt: at,
    }));
    // Rolled back with the caller's transaction: nothing stays.
    await expect(
      db.transaction().execute(async (trx) => {
        await new OutboxRepository<Tables, UndeclaredEvent>(trx, 'box').appendMany(EVENT, items);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await rows()).rows).toHaveLength(0);

    const envelopes = await db
      .transaction()
      .execute((trx) => new OutboxRepository<Tables, UndeclaredEvent>(trx, 'box').appendMany(EVENT, items));
    const stored = (await rows()).rows;
    expect(stored.map((r) => r.data.n)).toEqual(items.map((i) => i.data.n));
    expect(stored.map((r) => r.id)).toEqual(envelopes.map((e) => e.id));
    expect(stored[2_344]).toMatchObject({ key: 'k-6', occurred_at: at }); // 2,344 mod 7
    expect(envelopes[0]).toMatchObject({
      ...EVENT,
      key: 'k-0',
      data: { n: 0 },
      occurredAt: at.toISOString(),
    });
    // One event is the same path.
    const one = await new OutboxRepository<Tables, UndeclaredEvent>(db, 'box').append(
      EVENT,
      'single',
      { n: -1 },
      at,
    );
    expect((await rows()).rows.at(-1)).toMatchObject({ id: one.id, key: 'single', data: { n: -1 } });
  });
});
