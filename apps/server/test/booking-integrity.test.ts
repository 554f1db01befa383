import { randomUUID } from 'node:crypto';
import {
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarClient, Claim, PlaceHoldBody, Principal, Vehicle } from '@cybertacotruck/contracts';
import type { Database } from '@cybertacotruck/db';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import type { ReservationModules } from '@cybertacotruck/reservation';
import { inDays, newCustomer, reservationApi } from '@cybertacotruck/reservation/testing';
import {
  claimsOf,
  composeReservations,
  lapseHold,
  reservationModulesOver,
} from './support/reservation-modules';

/** Where a fault was injected: before or after a database statement or a calendar call. */
class InjectedFault extends Error {}

/**
 * Counts the steps of whatever runs through it — every database statement (through a Kysely plugin)
 * and every calendar call (through `FaultyCalendar`), each before and after — and throws at step
 * `failAt`, as a crash, a dropped connection or a lost answer would there.
 */
class Faults implements KyselyPlugin {
  steps: string[] = [];
  failAt: number | null = null;

  hit(step: string): void {
    const n = this.steps.length;
    this.steps.push(step);
    if (n === this.failAt) throw new InjectedFault(`fault injected at step ${n}: ${step}`);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.hit(`before ${args.node.kind}`);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.hit('after the statement');
    return args.result;
  }

  injector() {
    return { plugin: this, wrapCalendar: (real: CalendarClient) => new FaultyCalendar(real, this) };
  }
}

class FaultyCalendar implements CalendarClient {
  constructor(
    private readonly inner: CalendarClient,
    private readonly faults: Faults,
  ) {}

  private async step<T>(name: string, call: () => Promise<T>): Promise<T> {
    this.faults.hit(`before calendar.${name}`);
    const result = await call();
    this.faults.hit(`after calendar.${name}`);
    return result;
  }

  vehicle(id: string) {
    return this.step('vehicle', () => this.inner.vehicle(id));
  }
  placeHold(vehicleId: string, hold: PlaceHoldBody): Promise<Claim> {
    return this.step('placeHold', () => this.inner.placeHold(vehicleId, hold));
  }
  confirm(claimId: string): Promise<Claim> {
    return this.step('confirm', () => this.inner.confirm(claimId));
  }
  release(claimId: string): Promise<void> {
    return this.step('release', () => this.inner.release(claimId));
  }
  claims(ids: readonly string[]): Promise<Claim[]> {
    return this.step('claims', () => this.inner.claims(ids));
  }
  referencedClaims(after: string | null, limit: number): Promise<Claim[]> {
    return this.step('referencedClaims', () => this.inner.referencedClaims(after, limit));
  }
}

interface Violation {
  reservation: string | null;
  claim: string | null;
  problem: string;
}

/**
 * What must hold at EVERY moment, whatever failed: a confirmed reservation's claim is an active
 * booking (so no one else can take the car), and no two confirmed reservations of a vehicle overlap.
 */
async function safetyViolations(db: Database, vehicleId: string): Promise<Violation[]> {
  const { rows } = await sql<Violation>`
    select r.id as reservation, r.claim_id as claim, 'confirmed without an active booking' as problem
      from reservation.reservation r
      left join inventory.vehicle_claim c on c.id = r.claim_id
      where r.vehicle_id = ${vehicleId} and r.status = 'confirmed'
        and (c.id is null or c.kind <> 'booking' or c.status <> 'active')
    union all
    select a.id, b.id, 'two confirmed reservations overlap'
      from reservation.reservation a join reservation.reservation b
        on a.vehicle_id = b.vehicle_id and a.id < b.id
       and a.starts_at < b.ends_at and b.starts_at < a.ends_at
      where a.vehicle_id = ${vehicleId} and a.status = 'confirmed' and b.status = 'confirmed'`.execute(
    db.kysely,
  );
  return rows;
}

/**
 * What must hold once the workers have run: a confirmed reservation ⇔ exactly one active booking
 * (its claim); a closed reservation ⇔ its claim released or lapsed, and nothing owed; no active
 * claim names a reservation that does not hold it.
 */
async function agreementViolations(db: Database, vehicleId: string): Promise<Violation[]> {
  const { rows } = await sql<Violation>`
    select r.id as reservation, c.id as claim, 'active claims of a confirmed reservation: ' || count(c.id) as problem
      from reservation.reservation r
      left join inventory.vehicle_claim c on c.reference = r.id::text and c.status = 'active'
        and (c.kind <> 'hold' or c.expires_at > now())
      where r.vehicle_id = ${vehicleId} and r.status = 'confirmed'
      group by r.id, c.id
      having count(c.id) <> 1 or bool_or(c.id <> r.claim_id) or bool_or(c.kind <> 'booking')
    union all
    select r.id, c.id, 'closed reservation ' || r.status || ' still occupies its claim'
      from reservation.reservation r join inventory.vehicle_claim c on c.reference = r.id::text
      where r.vehicle_id = ${vehicleId} and r.status in ('cancelled', 'expired') and c.status = 'active'
        and (c.kind <> 'hold' or c.expires_at > now())
    union all
    select r.id, r.claim_id, 'release still owed'
      from reservation.reservation r
      where r.vehicle_id = ${vehicleId} and r.status in ('cancelled', 'expired') and r.claim_released_at is null
    union all
    select r.id, c.id, 'an active claim its held reservation does not hold'
      from reservation.reservation r join inventory.vehicle_claim c on c.reference = r.id::text
      where r.vehicle_id = ${vehicleId} and r.status = 'held' and c.status = 'active' and c.id <> r.claim_id
        and (c.kind <> 'hold' or c.expires_at > now())`.execute(db.kysely);
  return rows;
}

type Transition =
  'hold' | 'confirm' | 'cancel a confirmed' | 'cancel a held' | 'expire' | 'expire after a crashed confirm';
const TRANSITIONS: Transition[] = [
  'hold',
  'confirm',
  'cancel a confirmed',
  'cancel a held',
  'expire',
  // The calendar booked the car, then the process died before the reservation committed.
  'expire after a crashed confirm',
];

describe.each(TEST_ENGINES)('booking integrity under injected faults on %s', (engine) => {
  let harness: TestApp;
  let api: ReturnType<typeof reservationApi>;
  let healthy: ReservationModules;
  let week = 0;

  beforeAll(async () => {
    harness = await composeReservations(engine);
    api = reservationApi(harness.app);
    healthy = reservationModulesOver(harness);
  });
  afterAll(() => harness.dispose());

  const customer = (): Principal => ({ userId: randomUUID(), role: 'customer' });
  const period = (vehicle: Vehicle) => {
    week += 1;
    return { vehicleId: vehicle.id, from: inDays(7 * week), to: inDays(7 * week + 3) };
  };

  /**
   * Sets up what the transition starts from (without faults), then runs the transition itself through
   * `m`, whose faults may fire. Returns what a retry needs.
   */
  async function prepare(transition: Transition, vehicle: Vehicle) {
    const who = customer();
    const body = period(vehicle);
    const keys = { create: `create-${randomUUID()}`, act: `act-${randomUUID()}` };
    let id: string | null = null;
    if (transition !== 'hold') {
      const held = await healthy.reservations.create({ principal: who, idempotencyKey: keys.create }, body);
      id = held.id;
      if (transition === 'cancel a confirmed')
        await healthy.reservations.confirm({ principal: who, idempotencyKey: `c-${randomUUID()}` }, held.id, {
          termsVersion: 1,
          acceptTerms: true,
        });
      if (transition === 'expire') await lapseHold(harness.db, held.id);
      if (transition === 'expire after a crashed confirm') {
        const { rows } = await sql<{ claim_id: string }>`select claim_id from reservation.reservation
          where id = ${held.id}`.execute(harness.db.kysely);
        await healthy.deps.calendar.confirm(rows[0]?.claim_id ?? '');
        await sql`update reservation.reservation set hold_expires_at = now() - interval '1 second'
          where id = ${held.id}`.execute(harness.db.kysely);
      }
    }
    const run = async (m: ReservationModules): Promise<void> => {
      const caller = { principal: who, idempotencyKey: transition === 'hold' ? keys.create : keys.act };
      switch (transition) {
        case 'hold':
          await m.reservations.create(caller, body);
          return;
        case 'confirm':
          await m.reservations.confirm(caller, id ?? '', { termsVersion: 1, acceptTerms: true });
          return;
        case 'cancel a confirmed':
        case 'cancel a held':
          await m.reservations.cancel(caller, id ?? '', { reason: 'plans changed' });
          return;
        case 'expire':
        case 'expire after a crashed confirm':
          await m.reservations.expireLapsedHolds();
          return;
      }
    };
    return { run };
  }

  /** After the "crash": what a restarted process does with time — holds lapse, the sweep and the reconciliation run. */
  async function recover(vehicle: Vehicle): Promise<void> {
    const { rows } = await sql<{ id: string }>`select id from reservation.reservation
      where vehicle_id = ${vehicle.id} and status = 'held'`.execute(harness.db.kysely);
    // A confirmation that crashed after the calendar booked leaves a booking under a held reservation:
    // only the reservation's hold (and a claim that is still a hold) has an expiry to lapse.
    for (const r of rows) {
      await sql`update reservation.reservation set hold_expires_at = now() - interval '1 second'
        where id = ${r.id}`.execute(harness.db.kysely);
      await sql`update inventory.vehicle_claim set expires_at = now() - interval '1 second'
        where reference = ${r.id} and kind = 'hold'`.execute(harness.db.kysely);
    }
    await healthy.reservations.expireLapsedHolds();
    await healthy.reconciliation.run();
  }

  it.each(TRANSITIONS)(
    '%s: a fault at every step (database statement or calendar call, before or after it) leaves no double booking, and the workers restore agreement',
    async (transition) => {
      // A clean run counts the steps.
      const counter = new Faults();
      const sample = await api.vehicle();
      await (await prepare(transition, sample)).run(reservationModulesOver(harness, counter.injector()));
      const steps = counter.steps.length;
      expect(steps, counter.steps.join('\n')).toBeGreaterThan(4);
      expect(await agreementViolations(harness.db, sample.id)).toEqual([]);

      for (const retry of [false, true]) {
        for (let failAt = 0; failAt < steps; failAt++) {
          const vehicle = await api.vehicle();
          const { run } = await prepare(transition, vehicle);
          const faults = new Faults();
          faults.failAt = failAt;
          const where = `${transition}, ${retry ? 'retried' : 'not retried'}, fault at step ${failAt} of ${steps}`;
          const outcome = await run(reservationModulesOver(harness, faults.injector())).then(
            () => 'ok',
            (error: unknown) => (error instanceof InjectedFault ? 'fault' : String(error)),
          );
          expect(['ok', 'fault'], `${where}: ${outcome}\n${faults.steps.join('\n')}`).toContain(outcome);
          expect(await safetyViolations(harness.db, vehicle.id), where).toEqual([]);
          // Another customer now wants the same car for the same dates: never while a reservation holds it.
          if (retry) await run(healthy).catch(() => undefined);
          expect(await safetyViolations(harness.db, vehicle.id), where).toEqual([]);
          await recover(vehicle);
          expect(await agreementViolations(harness.db, vehicle.id), where).toEqual([]);
          expect(await safetyViolations(harness.db, vehicle.id), where).toEqual([]);
        }
      }
    },
    240_000,
  );

  it('a cancel with a NUL in its reason is a 400 that changes nothing: the booking stands, no second customer gets the car', async () => {
    const vehicle = await api.vehicle();
    const first = newCustomer();
    const body = period(vehicle);
    const held = await api.held(first, body);
    expect((await api.confirm(first, held.id)).statusCode).toBe(200);

    const key = `cancel-${randomUUID()}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await api.cancel(first, held.id, { reason: 'x\u0000' }, key);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json<{ errors: unknown[] }>().errors).toEqual([
        expect.objectContaining({ location: 'body', field: 'reason' }),
      ]);
    }
    expect((await api.get(first, held.id)).json<{ status: string }>().status).toBe('confirmed');
    const [claim] = await claimsOf(harness.db, vehicle.id);
    expect(claim).toMatchObject({ kind: 'booking', status: 'active' });

    const second = newCustomer();
    const taken = await api.reserve(second, body);
    expect(taken.statusCode, taken.body).toBe(409);
    expect(await safetyViolations(harness.db, vehicle.id)).toEqual([]);
  });
});
