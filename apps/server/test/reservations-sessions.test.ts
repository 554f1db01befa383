import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Reservation, type Vehicle } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { expectProblem, inDays, newKey, outbox } from '@cybertacotruck/reservation/testing';
import {
  as,
  OPERATOR,
  operatorEnv,
  registerCustomer,
  signIn,
  type Browser,
} from '@cybertacotruck/account/testing';
import { allServices } from '../src/services';

// Every service as `npm start` composes them: real sessions (cookie + CSRF) guard the reservations.
describe.each(TEST_ENGINES)('reservations by signed-in customers (embedded composition) on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;
  let alice: Browser;
  let bob: Browser;
  let car: Vehicle;

  beforeAll(async () => {
    t = await createTestApp(engine, allServices, { ...operatorEnv, TESLA_SYNC: 'false' });
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    alice = await registerCustomer(t.app, operator, {
      phone: '+12025550181',
      email: 'alice@example.com',
      name: 'Alice',
      password: 'blue-horizon-4417',
    });
    bob = await registerCustomer(t.app, operator, {
      phone: '+12025550182',
      email: 'bob@example.com',
      name: 'Bob',
      password: 'red-canyon-9082',
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: as(operator),
      payload: { vin: '7G2CEHED1RA000101', model: 'cybertruck', displayName: 'Silver Truck' },
    });
    expect(created.statusCode, created.body).toBe(201);
    car = created.json<Vehicle>();
  });
  afterAll(() => t.dispose());

  const post = (
    browser: Browser | null,
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...(browser ? as(browser) : {}), 'idempotency-key': newKey(), ...headers },
      payload: payload as object,
    });

  it('reserves, confirms and cancels as the signed-in customer; others see nothing of it', async () => {
    const body = { vehicleId: car.id, from: inDays(5), to: inDays(8), timeZone: 'America/Denver' };
    expectProblem(await post(null, '/api/v1/reservations', body), 401, ProblemTypes.unauthenticated);
    expectProblem(
      await post(null, '/api/v1/reservations', body, { cookie: alice.cookie }),
      403,
      ProblemTypes.csrfTokenInvalid,
    );
    expectProblem(await post(operator, '/api/v1/reservations', body), 403, ProblemTypes.forbidden);

    const created = await post(alice, '/api/v1/reservations', body);
    expect(created.statusCode, created.body).toBe(201);
    const held = created.json<Reservation>();
    expect(held).toMatchObject({
      customerId: alice.me.user.id,
      vehicle: { model: 'cybertruck', displayName: 'Silver Truck' },
      quote: { days: 3, dailyRateMinor: 19900, depositMinor: 50000, totalDueMinor: 3 * 19900 + 50000 },
    });

    const bobGets = await t.app.inject({
      url: `/api/v1/reservations/${held.id}`,
      headers: { cookie: bob.cookie },
    });
    expectProblem(bobGets, 404, ProblemTypes.reservationNotFound);
    expectProblem(
      await post(bob, `/api/v1/reservations/${held.id}/cancel`, {}),
      404,
      ProblemTypes.reservationNotFound,
    );
    const bobsList = await t.app.inject({ url: '/api/v1/reservations', headers: { cookie: bob.cookie } });
    expect(bobsList.json<{ items: Reservation[] }>().items).toEqual([]);

    // npm start's composition: the payments simulator takes the simulator's test card.
    const confirmed = await post(alice, `/api/v1/reservations/${held.id}/confirm`, {
      termsVersion: 1,
      acceptTerms: true,
      payment: { paymentMethod: 'pm_card_visa', returnUrl: 'https://app.example/return' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const everyone = await t.app.inject({
      url: `/api/v1/reservations?customerId=${alice.me.user.id}`,
      headers: { cookie: operator.cookie },
    });
    expect(everyone.json<{ items: Reservation[] }>().items.map((r) => [r.id, r.status])).toEqual([
      [held.id, 'confirmed'],
    ]);

    const cancelled = await post(alice, `/api/v1/reservations/${held.id}/cancel`, { reason: 'Trip off' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await outbox(t.db, held.id)).map((e) => e.type)).toEqual([
      'reservation.reservation.held',
      'reservation.reservation.confirmed',
      'reservation.reservation.cancelled',
    ]);
    // The truck is free again: Bob takes it.
    expect((await post(bob, '/api/v1/reservations', body)).statusCode).toBe(201);
  });
});
