import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, ReservationEvents, type Reservation } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig, type ServiceContext } from '@cybertacotruck/platform';
import type { TestApp } from '@cybertacotruck/platform/testing';
import { reservationService } from '@cybertacotruck/reservation';
import {
  expectProblem,
  inDays,
  newCustomer,
  outbox,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import {
  claimsOf,
  composeReservations,
  lapseHold,
  reservationModulesOver,
} from './support/reservation-modules';

const ENV = { RESERVATION_HOLD_SECONDS: '10', RESERVATION_SWEEP_MS: '100' };

describe.each(TEST_ENGINES)('reservation holds that lapse on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;

  beforeAll(async () => {
    t = await composeReservations(engine, ENV);
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  /** The worker as the host starts it (createTestApp starts none), on this app's database and peers. */
  const startWorker = async () => {
    const ctx: ServiceContext = {
      db: t.db,
      config: parseConfig(BaseConfigSchema, { NODE_ENV: 'test' }),
      env: ENV,
      logger: t.app.log,
      peers: t.app.peers,
      bus: t.app.bus,
      metrics: t.app.metrics,
    };
    const worker = reservationService.workers?.find((w) => w.name === 'reservation-expiry');
    if (!worker) throw new Error('the reservation service has no reservation-expiry worker');
    return worker.start(ctx);
  };

  it('holds for RESERVATION_HOLD_SECONDS', async () => {
    const r = await api.held(newCustomer(), {
      vehicleId: (await api.vehicle()).id,
      from: inDays(2),
      to: inDays(3),
    });
    const holdMs = Date.parse(r.holdExpiresAt ?? '') - Date.parse(r.createdAt);
    expect(holdMs).toBeGreaterThan(9_000);
    expect(holdMs).toBeLessThan(11_000);
  });

  it('expires a lapsed hold on confirm: status expired, one expired event, 409 hold-expired', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const r = await api.held(customer, { vehicleId: car.id, from: inDays(4), to: inDays(5) });
    await lapseHold(t.db, r.id);
    expectProblem(await api.confirm(customer, r.id), 409, ProblemTypes.holdExpired);
    expect((await api.get(customer, r.id)).json<Reservation>()).toMatchObject({
      status: 'expired',
      cancellation: { allowed: false },
    });
    expect((await outbox(t.db, r.id)).map((e) => e.type)).toEqual([
      ReservationEvents.held.type,
      ReservationEvents.expired.type,
    ]);
    expectProblem(await api.confirm(customer, r.id), 409, ProblemTypes.reservationNotHeld);
    expectProblem(await api.cancel(customer, r.id), 409, ProblemTypes.reservationClosed);
    // The vehicle is free for someone else.
    expect(
      (await api.reserve(newCustomer(), { vehicleId: car.id, from: inDays(4), to: inDays(5) })).statusCode,
    ).toBe(201);
  });

  it('runs the expiry worker: lapsed holds expire with one event each, confirmed ones are untouched', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const lapsing = await api.held(customer, { vehicleId: car.id, from: inDays(6), to: inDays(7) });
    const kept = await api.held(customer, { vehicleId: car.id, from: inDays(8), to: inDays(9) });
    const booked = await api.held(customer, { vehicleId: car.id, from: inDays(10), to: inDays(11) });
    expect((await api.confirm(customer, booked.id)).statusCode).toBe(200);
    await lapseHold(t.db, lapsing.id);

    const stop = await startWorker();
    try {
      for (let i = 0; i < 100; i += 1) {
        if ((await api.get(customer, lapsing.id)).json<Reservation>().status === 'expired') break;
        await sleep(50);
      }
    } finally {
      await stop();
    }
    // Nothing more to do: a further sweep (as the worker's next tick would run it) expires nothing.
    expect(await reservationModulesOver(t).reservations.expireLapsedHolds()).toEqual([]);
    expect((await api.get(customer, lapsing.id)).json<Reservation>().status).toBe('expired');
    expect((await api.get(customer, kept.id)).json<Reservation>().status).toBe('held');
    expect((await api.get(customer, booked.id)).json<Reservation>().status).toBe('confirmed');
    const events = await outbox(t.db, lapsing.id);
    expect(events.map((e) => e.type)).toEqual([ReservationEvents.held.type, ReservationEvents.expired.type]);
    expect(events[1]?.data).toMatchObject({ reservationId: lapsing.id, vehicleName: car.displayName });
    expect((await claimsOf(t.db, car.id)).find((c) => c.reference === lapsing.id)?.status).toMatch(
      /expired|released/,
    );
    expect((await api.list(customer, '?scope=cancelled')).items.map((r) => r.id)).toContain(lapsing.id);
  });

  it('lets a real 10-second hold lapse and the worker expire it', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const r = await api.held(customer, { vehicleId: car.id, from: inDays(12), to: inDays(13) });
    const stop = await startWorker();
    try {
      const deadline = Date.parse(r.holdExpiresAt ?? '') + 5_000;
      while (Date.now() < deadline) {
        if ((await api.get(customer, r.id)).json<Reservation>().status === 'expired') break;
        await sleep(200);
      }
    } finally {
      await stop();
    }
    expect((await api.get(customer, r.id)).json<Reservation>().status).toBe('expired');
    expect((await outbox(t.db, r.id)).map((e) => e.type)).toEqual([
      ReservationEvents.held.type,
      ReservationEvents.expired.type,
    ]);
  }, 30_000);
});
