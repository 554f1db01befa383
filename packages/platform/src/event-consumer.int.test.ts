import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutboxRepository,
  PostgresEventBus,
  createConsumerTables,
  createOutboxTable,
  postgresBusMigrations,
  type EventBus,
  type UndeclaredEvent,
} from '@cybertacotruck/bus';
import { ReservationEvents, type ReservationExpiredV1 } from '@cybertacotruck/contracts';
import { migrateSchema } from '@cybertacotruck/db';
import { TEST_ENGINES, createTestDatabase, until, type TestDatabase } from '@cybertacotruck/db/testing';
import { eventSubscription } from './event-consumer';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

const expired = (reservationId: string): ReservationExpiredV1 => ({
  reservationId,
  customerId: randomUUID(),
  vehicleId: randomUUID(),
  vehicleName: 'Ruby',
  model: 'model_y',
  from: '2026-12-04T16:00:00Z',
  to: '2026-12-06T16:00:00Z',
  timeZone: 'Europe/Paris',
  totalDueMinor: 24_000,
  currency: 'EUR',
});

describe.each(TEST_ENGINES)('a consumer of declared events, on %s', (engine) => {
  let t: TestDatabase;
  let bus: EventBus;
  const stops: (() => Promise<void>)[] = [];
  const handled: { type: string; reservationId: string }[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await migrateSchema(t.db, postgresBusMigrations);
    await migrateSchema(t.db, {
      schema: 'src',
      migrations: { '0001': { up: (k) => createOutboxTable(k, 'src') } },
    });
    await migrateSchema(t.db, {
      schema: 'dst',
      migrations: { '0001': { up: (k) => createConsumerTables(k, 'dst') } },
    });
    // Many attempts and slow retries: an invalid payload parked with one attempt was not retried.
    bus = new PostgresEventBus({
      db: t.db.kysely,
      logger: silent,
      pollMs: 20,
      maxAttempts: 5,
      retryBaseMs: 5_000,
    });
    stops.push(await bus.startRelay('src'));
    stops.push(
      await bus.subscribe(
        eventSubscription({
          group: 'reader',
          schema: 'dst',
          events: [ReservationEvents.expired],
          handle: async (event) => {
            handled.push({ type: event.type, reservationId: event.data.reservationId });
          },
        }),
      ),
    );
  }, 60_000);

  afterAll(async () => {
    for (const stop of stops) await stop();
    await bus.close();
    await t.dispose();
  });

  it('handles a valid payload, and parks an invalid one at once with the reason (no retries, nothing handled)', async () => {
    const good = randomUUID();
    const bad = randomUUID();
    await t.db.kysely.transaction().execute(async (trx) => {
      // A producer outside the type system (an older build, a hand-written row): the declared
      // outbox would not compile with these payloads, so they go through an undeclared one.
      const raw = new OutboxRepository<object, UndeclaredEvent>(trx, 'src');
      const { from: _dropped, ...noFrom } = expired(bad);
      await raw.append(
        { type: ReservationEvents.expired.type, version: 1 },
        bad,
        { ...noFrom, totalDueMinor: -1 },
        new Date(),
      );
      await raw.append({ type: ReservationEvents.expired.type, version: 2 }, bad, expired(bad), new Date());
      await new OutboxRepository(trx, 'src').append(
        ReservationEvents.expired,
        good,
        expired(good),
        new Date(),
      );
    });

    const letters = await until(
      'two dead letters',
      () => bus.deadLetters('dst').list({ group: 'reader' }),
      (l) => l.length === 2,
      20_000,
    );
    await until(
      'the valid event',
      async () => handled.length,
      (n) => n === 1,
      20_000,
    );
    expect(handled).toEqual([{ type: 'reservation.reservation.expired', reservationId: good }]);
    const byVersion = (v: number) =>
      letters.find((l) => (JSON.parse(l.payload) as { version: number }).version === v);
    expect(byVersion(1)).toMatchObject({ attempts: 1, type: 'reservation.reservation.expired', key: bad });
    expect(byVersion(1)?.error).toMatch(
      /^InvalidEventPayload: reservation\.reservation\.expired v1 \(event [0-9a-f-]{36}\): data does not match its declared schema: /,
    );
    expect(byVersion(1)?.error).toContain("/ must have required property 'from'");
    expect(byVersion(1)?.error).toContain('/totalDueMinor must be >= 0');
    expect(byVersion(2)).toMatchObject({ attempts: 1 });
    expect(byVersion(2)?.error).toContain(
      'reservation.reservation.expired v2 (event', // …
    );
    expect(byVersion(2)?.error).toContain('no schema is declared for this version; this consumer reads v1');
    // The parked events left nothing behind in the group's inbox (their transaction rolled back).
    const inbox = await sql<{ n: number }>`select count(*)::int as n from dst.inbox`.execute(t.db.kysely);
    expect(inbox.rows[0]?.n).toBe(1);
  });
});
