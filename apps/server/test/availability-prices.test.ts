import { sql } from 'kysely';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Availability, ProblemTypes, type Quote } from '@cybertacotruck/contracts';
import { inventoryService } from '@cybertacotruck/inventory';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { expectProblem, inDays, newCustomer, reservationApi } from '@cybertacotruck/reservation/testing';
import { composeReservations } from './support/reservation-modules';

const search = (t: TestApp, headers: Record<string, string>, query: Record<string, string>) =>
  t.app.inject({ url: `/api/v1/availability?${new URLSearchParams(query).toString()}`, headers });

// The availability answer carries each car's price (issue 18): the browser asks no quote per car.
describe.each(TEST_ENGINES)('availability with prices on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  it("prices each free car as the reservation service quotes it, in the customer's time zone", async () => {
    const customer = newCustomer();
    const y = await api.vehicle({ model: 'model_y', displayName: 'Priced Y' });
    const truck = await api.vehicle({
      model: 'cybertruck',
      vin: '7G2CEHED1RA900001',
      displayName: 'Unpriced',
    });
    await sql`delete from reservation.rate where model = 'cybertruck'`.execute(t.db.kysely);
    // 10:00 → 10:00 in New York across the spring-forward change: 2 whole days, 47 hours.
    const period = {
      from: '2027-03-13T15:00:00.000Z',
      to: '2027-03-15T14:00:00.000Z',
      timeZone: 'America/New_York',
    };

    const response = await search(t, customer, period);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Availability>();
    expect(Value.Check(Availability, body)).toBe(true);
    expect(body.priced).toBe(true);
    const quote = (await api.quote(customer, { vehicleId: y.id, ...period })).json<Quote>();
    expect(quote.days).toBe(2);
    expect(body.items.find((i) => i.id === y.id)?.price).toEqual({
      days: quote.days,
      dailyRateMinor: quote.dailyRateMinor,
      subtotalMinor: quote.subtotalMinor,
      depositMinor: quote.depositMinor,
      totalDueMinor: quote.totalDueMinor,
      currency: quote.currency,
    });
    // A model without a rate is listed, unpriced (the card says so; Reserve would be refused).
    expect(body.items.find((i) => i.id === truck.id)?.price).toBeNull();

    // 48 hours from the same pickup: in New York 10:00 → 11:00 (a third, partial day), in UTC
    // 15:00 → 15:00 (two whole days). The zone the customer lives in decides.
    const longer = { ...period, to: '2027-03-15T15:00:00.000Z' };
    const daysIn = async (timeZone: string) =>
      (await search(t, customer, { ...longer, timeZone }))
        .json<Availability>()
        .items.find((i) => i.id === y.id)?.price?.days;
    expect(await daysIn('America/New_York')).toBe(3);
    expect(await daysIn('UTC')).toBe(2);

    // Filtered to one model, only that model is priced and listed.
    const onlyY = (await search(t, customer, { ...period, model: 'model_y' })).json<Availability>();
    expect(onlyY.items.map((i) => i.model)).toEqual(onlyY.items.map(() => 'model_y'));
    expect(onlyY.items.every((i) => i.price !== null)).toBe(true);
  });

  it('refuses a time zone nobody knows with a 400 naming the field', async () => {
    const response = await search(t, newCustomer(), {
      from: inDays(3),
      to: inDays(5),
      timeZone: 'Mars/Olympus_Mons',
    });
    const problem = expectProblem(response, 400, ProblemTypes.validation);
    expect(problem.errors).toEqual([expect.objectContaining({ location: 'query', field: 'timeZone' })]);
  });

  it('keeps the pricing route for services only', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/internal/prices',
      headers: newCustomer(),
      payload: { from: inDays(3), to: inDays(5), models: ['model_y'] },
    });
    expectProblem(response, 403, ProblemTypes.forbidden);
  });
});

describe('availability without the reservation service', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Inventory alone, with no RESERVATION_URL: nobody can price, the cars are still listed.
    t = await createTestApp('pglite', [inventoryService, principalStub], { TESLA_SYNC: 'false' });
  });
  afterAll(() => t.dispose());

  it('lists the free cars unpriced and says so', async () => {
    const api = reservationApi(t.app);
    const car = await api.vehicle({ model: 'model_3', vin: '5YJ3E1EA7PF900002', displayName: 'Alone' });
    const response = await search(t, newCustomer(), { from: inDays(3), to: inDays(5) });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Availability>();
    expect(Value.Check(Availability, body)).toBe(true);
    expect(body.priced).toBe(false);
    expect(body.items.find((i) => i.id === car.id)?.price).toBeNull();
  });
});
