import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type CalendarClient,
  type CalendarVehicle,
  type Claim,
  type PlaceHoldBody,
  type Principal,
} from '@cybertacotruck/contracts';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { DomainError, parseConfig, PeerError, type Logger } from '@cybertacotruck/platform';
import { ReservationConfigSchema } from '../../config';
import { repositories, type ReservationDeps } from '../../deps';
import { reservationMigrations } from '../../migrations';
import type { ReservationTables } from '../../tables';
import { inDays } from '../../../testing';
import {
  canonicalJson,
  IdempotencyService,
  IN_FLIGHT_MS,
  requestHash,
} from '../idempotency/idempotency.service';
import { QuotesService } from '../quotes/quotes.service';
import { RatesService } from '../rates/rates.service';
import { TermsService } from '../terms/terms.service';
import { ClaimRelease } from './claim-release';
import { ReservationsService } from './reservations.service';

/** An inventory calendar in memory, idempotent by reference like the real one, with levers for faults. */
class FakeCalendar implements CalendarClient {
  readonly vehicles = new Map<string, CalendarVehicle>();
  readonly holds = new Map<string, Claim>();
  holdCalls = 0;
  /** Places the hold, then fails as if the answer (or the process) was lost. */
  loseNextAnswer = false;
  /** Makes the next placeHold wait for `resume()`. */
  private gate: { reached: () => void; wait: Promise<void> } | undefined;
  private resumeGate: (() => void) | undefined;
  vehicleFault: Error | undefined;

  pauseNextHold(): Promise<void> {
    let reached!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    this.gate = { reached, wait: new Promise<void>((resolve) => (this.resumeGate = resolve)) };
    return arrived;
  }
  resume(): void {
    this.resumeGate?.();
  }

  async vehicle(id: string) {
    if (this.vehicleFault) throw this.vehicleFault;
    return this.vehicles.get(id) ?? null;
  }

  async placeHold(vehicleId: string, hold: PlaceHoldBody): Promise<Claim> {
    this.holdCalls += 1;
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      gate.reached();
      await gate.wait;
    }
    const reference = hold.reference ?? randomUUID();
    let claim = this.holds.get(reference);
    if (!claim) {
      const now = new Date().toISOString();
      claim = {
        id: randomUUID(),
        vehicleId,
        kind: 'hold',
        status: 'active',
        from: hold.from,
        to: hold.to,
        expiresAt: new Date(Date.now() + (hold.ttlSeconds ?? 600) * 1000).toISOString(),
        reference,
        note: null,
        createdAt: now,
        updatedAt: now,
      };
      this.holds.set(reference, claim);
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new PeerError('inventory', 502, null);
    }
    return claim;
  }

  async confirm(claimId: string): Promise<Claim> {
    const claim = [...this.holds.values()].find((c) => c.id === claimId);
    if (!claim) throw new PeerError('inventory', 404, null);
    claim.kind = 'booking';
    return claim;
  }

  async release(claimId: string): Promise<void> {
    const claim = [...this.holds.values()].find((c) => c.id === claimId);
    if (claim) claim.status = 'released';
  }

  async claims(claimIds: readonly string[]): Promise<Claim[]> {
    return [...this.holds.values()].filter((c) => claimIds.includes(c.id));
  }

  async referencedClaims(after: string | null, limit: number): Promise<Claim[]> {
    return [...this.holds.values()]
      .filter((c) => c.status === 'active' && (after === null || c.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }
}

const silent = {
  child: () => silent,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
} as unknown as Logger;

describe('canonical request hashes', () => {
  it('ignore key order and undefined fields, and see every value', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(requestHash({ from: 'a', to: 'b' })).toBe(requestHash({ to: 'b', from: 'a' }));
    expect(requestHash({ from: 'a', to: 'b' })).not.toBe(requestHash({ from: 'a', to: 'c' }));
    expect(requestHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each(TEST_ENGINES)(
  'reservation idempotency against an in-memory calendar stand-in (to inject lost answers and pauses) on %s',
  (engine) => {
    let test: TestDatabase;
    let calendar: FakeCalendar;
    let clock: Date;
    let service: ReservationsService;
    const car: CalendarVehicle = {
      id: randomUUID(),
      model: 'model_3',
      displayName: 'Fake 3',
      inService: true,
      homeLocation: null,
    };
    const customer: Principal = { userId: randomUUID(), role: 'customer' };

    const count = async (table: 'reservation' | 'outbox') => {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(`reservation.${table}`)}`.execute(test.db.kysely);
      return rows[0]?.n ?? -1;
    };

    beforeAll(async () => {
      test = await createTestDatabase(engine);
      await migrateSchema(test.db, reservationMigrations);
    });
    afterAll(() => test.dispose());

    beforeEach(() => {
      calendar = new FakeCalendar();
      calendar.vehicles.set(car.id, car);
      clock = new Date();
      const db = test.db.kysely.withTables<ReservationTables>();
      const deps: ReservationDeps = {
        db,
        repos: repositories(db),
        // One customer makes many holds here; the per-customer limits have their own test.
        config: parseConfig(ReservationConfigSchema, {
          RESERVATION_MAX_ACTIVE_HOLDS: '1000',
          RESERVATION_MAX_UPCOMING: '1000',
        }),
        calendar,
        now: () => clock,
        logger: silent,
      };
      const rates = new RatesService(deps);
      const terms = new TermsService(deps);
      service = new ReservationsService(
        deps,
        new IdempotencyService(deps),
        new QuotesService(deps, rates),
        terms,
        new ClaimRelease(deps),
      );
    });

    const body = (days: number) => ({ vehicleId: car.id, from: inDays(days), to: inDays(days + 2) });

    it('expires lapsed holds in batches of exactly the size asked', async () => {
      const made = [];
      for (let i = 0; i < 7; i++)
        made.push(
          await service.create(
            { principal: customer, idempotencyKey: `batch-expiry-${i}` },
            body(40 + 3 * i),
          ),
        );
      const db = test.db.kysely.withTables<ReservationTables>();
      const repos = repositories(db);
      const later = new Date(clock.getTime() + 24 * 3_600_000);
      const sizes: number[] = [];
      for (;;) {
        const batch = await repos.reservations.expireLapsed(later, 3);
        sizes.push(batch.length);
        if (batch.length < 3) break;
      }
      // Every hold of this test (and any an earlier test left) lapsed; none expired twice, none past 3.
      expect(sizes.every((n) => n <= 3)).toBe(true);
      expect(sizes.slice(0, 2)).toEqual([3, 3]);
      const { rows } = await sql<{ id: string; status: string }>`
        select id, status from reservation.reservation where id = any(${made.map((r) => r.id)}::uuid[])`.execute(
        db,
      );
      expect(rows.map((r) => r.status)).toEqual(made.map(() => 'expired'));
    });

    it('finishes a create whose answer was lost after the hold: same reservation id, one hold, one row', async () => {
      const rows = await count('reservation');
      const events = await count('outbox');
      const caller = { principal: customer, idempotencyKey: 'lost-answer-1' };
      calendar.loseNextAnswer = true;
      await expect(service.create(caller, body(3))).rejects.toMatchObject({ status: 503 });
      expect(calendar.holds.size).toBe(1);
      expect(await count('reservation')).toBe(rows);

      // The 5xx released the key: the retry runs at once and holds by the same reference.
      const retried = await service.create(caller, body(3));
      expect(calendar.holds.size).toBe(1);
      expect([...calendar.holds.keys()]).toEqual([retried.id]);
      expect(retried.status).toBe('held');
      expect(await count('reservation')).toBe(rows + 1);
      expect(await count('outbox')).toBe(events + 1);

      // And from then on the key replays that answer without calling the calendar.
      const calls = calendar.holdCalls;
      expect(await service.create(caller, body(3))).toEqual(retried);
      expect(calendar.holdCalls).toBe(calls);
    });

    it('treats a key as in flight while its attempt runs, and lets a retry take over an abandoned one', async () => {
      const rows = await count('reservation');
      const caller = { principal: customer, idempotencyKey: 'crashed-attempt-1' };
      const reached = calendar.pauseNextHold();
      const first = service.create(caller, body(10));
      await reached; // the first attempt is inside the calendar call

      const duplicate = service.create(caller, body(10));
      await expect(duplicate).rejects.toMatchObject({
        status: 409,
        type: ProblemTypes.idempotencyKeyInFlight,
      });

      // A minute later the first attempt counts as dead (its process crashed): a retry takes over.
      clock = new Date(clock.getTime() + IN_FLIGHT_MS + 1000);
      const retried = await service.create(caller, body(10));
      expect(calendar.holds.size).toBe(1);
      expect([...calendar.holds.keys()]).toEqual([retried.id]);

      // The first attempt wakes up late: it no longer holds the key and commits nothing.
      calendar.resume();
      await expect(first).rejects.toMatchObject({ status: 409, type: ProblemTypes.idempotencyKeyInFlight });
      expect(await count('reservation')).toBe(rows + 1);
      expect(await service.create(caller, body(10))).toEqual(retried);
    });

    it('records a 4xx as the answer, but not a 5xx', async () => {
      const unknown = randomUUID();
      const caller = { principal: customer, idempotencyKey: 'recorded-404' };
      const refused = service.create(caller, { ...body(20), vehicleId: unknown });
      await expect(refused).rejects.toMatchObject({ status: 404, type: ProblemTypes.vehicleNotFound });
      // The vehicle appears, but the key's answer stays what it was.
      calendar.vehicles.set(unknown, { ...car, id: unknown });
      const replayed = service.create(caller, { ...body(20), vehicleId: unknown });
      await expect(replayed).rejects.toBeInstanceOf(DomainError);
      await expect(replayed).rejects.toMatchObject({ status: 404, type: ProblemTypes.vehicleNotFound });

      const flaky = { principal: customer, idempotencyKey: 'not-recorded-503' };
      calendar.vehicleFault = new PeerError('inventory', 500, null);
      await expect(service.create(flaky, body(25))).rejects.toMatchObject({ status: 503 });
      calendar.vehicleFault = undefined;
      expect((await service.create(flaky, body(25))).status).toBe('held');
    });

    it('refuses a key reused for another request with 422, whatever the operation', async () => {
      const caller = { principal: customer, idempotencyKey: 'reused-1' };
      const held = await service.create(caller, body(30));
      await expect(service.create(caller, body(31))).rejects.toMatchObject({
        status: 422,
        type: ProblemTypes.idempotencyKeyReused,
      });
      await expect(service.cancel(caller, held.id, {})).rejects.toMatchObject({
        status: 422,
        type: ProblemTypes.idempotencyKeyReused,
      });
      // Keys belong to a user: another customer may use the same string.
      const other = {
        principal: { userId: randomUUID(), role: 'customer' as const },
        idempotencyKey: 'reused-1',
      };
      expect((await service.create(other, body(35))).customerId).toBe(other.principal.userId);
    });

    it('forgets keys past their retention, after which the same key is a new request', async () => {
      const idempotency = new IdempotencyService({
        db: test.db.kysely.withTables<ReservationTables>(),
        repos: repositories(test.db.kysely.withTables<ReservationTables>()),
        now: () => clock,
        logger: silent,
      });
      const caller = { principal: customer, idempotencyKey: 'old-key-1' };
      const first = await service.create(caller, body(40));
      expect((await service.create(caller, body(40))).id).toBe(first.id); // remembered: a replay
      expect(await idempotency.prune(7)).toBe(0); // created just now: kept
      clock = new Date(clock.getTime() + 8 * 86_400_000);
      expect(await idempotency.prune(7)).toBeGreaterThanOrEqual(1);
      clock = new Date(clock.getTime() - 8 * 86_400_000);
      const again = await service.create(caller, { ...body(40), from: inDays(45), to: inDays(47) });
      expect(again.id).not.toBe(first.id);
    });
  },
);
