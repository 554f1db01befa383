import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Reservation, type Vehicle } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  expectProblem,
  inDays,
  inHours,
  newCustomer,
  newKey,
  operator,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import { composeReservations, snapshot } from './support/reservation-modules';

type Response = Awaited<ReturnType<TestApp['app']['inject']>>;

interface Case {
  name: string;
  send: () => Promise<Response>;
  status: number;
  type: string;
  /** `location:field` of the field error the problem must name. */
  field?: string;
}

describe.each(TEST_ENGINES)('refused reservation requests on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;
  let car: Vehicle;
  let parked: Vehicle;
  let held: Reservation;
  const customer = newCustomer();

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
    car = await api.vehicle();
    parked = await api.vehicle({ inService: false });
    held = await api.held(customer, { vehicleId: car.id, from: inDays(2), to: inDays(3) });
  });
  afterAll(() => t.dispose());

  const reserve = (payload: Record<string, unknown>) =>
    api.reserve(customer, { vehicleId: car.id, from: inDays(10), to: inDays(12), ...payload });

  it('answers every invalid request with a 4xx problem+json and changes nothing', async () => {
    const before = await snapshot(t.db);
    const cases: Case[] = [
      {
        name: 'end = start',
        send: () => reserve({ to: inDays(10) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'end before start',
        send: () => reserve({ to: inDays(9) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'start in the past',
        send: () => reserve({ from: inHours(-3) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:from',
      },
      {
        name: 'shorter than RESERVATION_MIN_HOURS',
        send: () => reserve({ from: inHours(30), to: inHours(33) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'longer than RESERVATION_MAX_DAYS',
        send: () => reserve({ to: inDays(41) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'not a date-time',
        send: () => reserve({ from: 'next tuesday' }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:from',
      },
      {
        name: 'unknown field',
        send: () => reserve({ seats: 7 }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:seats',
      },
      {
        name: 'unknown time zone',
        send: () => reserve({ timeZone: 'Mars/Olympus_Mons' }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:timeZone',
      },
      {
        name: 'an offset, not a time zone',
        send: () => reserve({ timeZone: '+02:00' }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:timeZone',
      },
      {
        name: 'unknown vehicle',
        send: () => reserve({ vehicleId: '6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11' }),
        status: 404,
        type: ProblemTypes.vehicleNotFound,
      },
      {
        name: 'vehicle out of service',
        send: () => reserve({ vehicleId: parked.id }),
        status: 409,
        type: ProblemTypes.vehicleOutOfService,
      },
      {
        name: 'vehicle already held for an overlapping period',
        send: () => reserve({ from: inDays(2), to: inDays(4) }),
        status: 409,
        type: ProblemTypes.vehicleUnavailable,
      },
      {
        name: 'malformed JSON',
        send: () =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/reservations',
            headers: { ...customer, 'idempotency-key': newKey(), 'content-type': 'application/json' },
            payload: '{"vehicleId": ',
          }),
        status: 400,
        type: ProblemTypes.malformedBody,
      },
      {
        name: 'missing Idempotency-Key',
        send: () => api.reserve(customer, { vehicleId: car.id, from: inDays(10), to: inDays(12) }, null),
        status: 400,
        type: ProblemTypes.validation,
        field: 'headers:idempotency-key',
      },
      {
        name: 'too short an Idempotency-Key',
        send: () => api.reserve(customer, { vehicleId: car.id, from: inDays(10), to: inDays(12) }, 'abc'),
        status: 400,
        type: ProblemTypes.validation,
        field: 'headers:idempotency-key',
      },
      {
        name: 'anonymous',
        send: () => api.reserve({}, { vehicleId: car.id, from: inDays(10), to: inDays(12) }),
        status: 401,
        type: ProblemTypes.unauthenticated,
      },
      {
        name: 'an operator reserving',
        send: () => api.reserve(operator, { vehicleId: car.id, from: inDays(10), to: inDays(12) }),
        status: 403,
        type: ProblemTypes.forbidden,
      },
      {
        name: 'terms not accepted',
        send: () => api.confirm(customer, held.id, { termsVersion: 1, acceptTerms: false }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:acceptTerms',
      },
      {
        name: 'terms version missing',
        send: () => api.confirm(customer, held.id, { acceptTerms: true }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:termsVersion',
      },
      {
        name: 'terms version that does not exist',
        send: () => api.confirm(customer, held.id, { termsVersion: 7, acceptTerms: true }),
        status: 409,
        type: ProblemTypes.termsOutdated,
      },
      {
        name: 'confirm without Idempotency-Key',
        send: () =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/reservations/${held.id}/confirm`,
            headers: customer,
            payload: { termsVersion: 1, acceptTerms: true },
          }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'headers:idempotency-key',
      },
      {
        name: 'confirm by an operator',
        send: () => api.confirm(operator, held.id),
        status: 403,
        type: ProblemTypes.forbidden,
      },
      {
        name: 'confirm an unknown reservation',
        send: () => api.confirm(customer, '6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11'),
        status: 404,
        type: ProblemTypes.reservationNotFound,
      },
      {
        name: 'cancel with too long a reason',
        send: () => api.cancel(customer, held.id, { reason: 'x'.repeat(501) }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:reason',
      },
      {
        name: 'cancel by another customer',
        send: () => api.cancel(newCustomer(), held.id),
        status: 404,
        type: ProblemTypes.reservationNotFound,
      },
      {
        name: 'bad reservation id',
        send: () => api.cancel(customer, 'not-a-uuid'),
        status: 400,
        type: ProblemTypes.validation,
        field: 'params:id',
      },
      {
        name: 'quote without vehicle or model',
        send: () => api.quote(customer, { from: inDays(10), to: inDays(12) }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'query:vehicleId',
      },
      {
        name: 'quote for an unknown vehicle',
        send: () =>
          api.quote(customer, {
            vehicleId: '6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11',
            from: inDays(10),
            to: inDays(12),
          }),
        status: 404,
        type: ProblemTypes.vehicleNotFound,
      },
      {
        name: 'quote with a bad time zone',
        send: () =>
          api.quote(customer, {
            vehicleId: car.id,
            from: inDays(10),
            to: inDays(12),
            timeZone: 'Nowhere/Land',
          }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'query:timeZone',
      },
      {
        name: 'list with an unknown scope',
        send: () => t.app.inject({ url: '/api/v1/reservations?scope=soon', headers: customer }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'query:scope',
      },
    ];
    for (const c of cases) {
      const response = await c.send();
      const problem = expectProblem(response, c.status, c.type);
      if (c.field) {
        const [location, field] = c.field.split(':');
        expect(problem.errors, c.name).toEqual(
          expect.arrayContaining([expect.objectContaining({ location, field })]),
        );
      }
      expect(await snapshot(t.db), c.name).toBe(before);
    }
    // The held reservation is untouched and still confirms.
    expect((await api.confirm(customer, held.id)).statusCode).toBe(200);
  });
});
