import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Reservation } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import { expectProblem, inDays, newCustomer, reservationApi } from '@cybertacotruck/reservation/testing';
import { claimsOf, composeReservations } from './support/reservation-modules';

const CARS = 8;

// One customer held all 17 free cars for 29 days in a loop (issue 12): holds need no payment.
describe.each(TEST_ENGINES)("a customer's open holds and reservations are limited on %s", (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;
  let cars: string[];

  beforeAll(async () => {
    t = await composeReservations(engine, {
      RESERVATION_MAX_ACTIVE_HOLDS: '2',
      RESERVATION_MAX_UPCOMING: '3',
    });
    api = reservationApi(t.app);
    cars = [];
    for (let i = 0; i < CARS; i++) cars.push((await api.vehicle()).id);
  });
  afterAll(() => t.dispose());

  const period = (vehicleId: string, days = 3) => ({ vehicleId, from: inDays(days), to: inDays(days + 2) });
  const activeClaims = async (vehicleId: string) =>
    (await claimsOf(t.db, vehicleId)).filter((c) => c.status === 'active');

  it('refuses a third hold with 409 reservation-limit-reached and holds no car for it', async () => {
    const customer = newCustomer();
    await api.held(customer, period(cars[0] as string));
    await api.held(customer, period(cars[1] as string));
    const third = expectProblem(
      await api.reserve(customer, period(cars[2] as string)),
      409,
      ProblemTypes.reservationLimitReached,
    );
    expect(third.detail).toMatch(/2 reservations waiting for confirmation/);
    expect(await activeClaims(cars[2] as string)).toEqual([]);

    // Another customer is not affected; and a cancelled hold frees a place.
    await api.held(newCustomer(), period(cars[2] as string, 10));
    const mine = await api.list(customer);
    const first = mine.items[0] as Reservation;
    expect((await api.cancel(customer, first.id)).statusCode).toBe(200);
    await api.held(customer, period(cars[3] as string));
  });

  it('counts confirmed reservations that are not over against RESERVATION_MAX_UPCOMING', async () => {
    const customer = newCustomer();
    for (const car of cars.slice(4, 7)) {
      const held = await api.held(customer, period(car, 20));
      expect((await api.confirm(customer, held.id)).statusCode).toBe(200);
    }
    const fourth = expectProblem(
      await api.reserve(customer, period(cars[7] as string, 20)),
      409,
      ProblemTypes.reservationLimitReached,
    );
    expect(fourth.detail).toMatch(/3 upcoming reservations/);
    expect(await activeClaims(cars[7] as string)).toEqual([]);
  });

  it('lets exactly two of ten simultaneous holds by one customer through, and leaves no stray hold', async () => {
    const customer = newCustomer();
    // Periods far from the other tests' so every car is free: only the limit can refuse.
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.reserve(customer, period(cars[i % CARS] as string, 60 + 3 * i)),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(2);
    for (const r of responses.filter((x) => x.statusCode !== 201))
      expectProblem(r, 409, ProblemTypes.reservationLimitReached);
    // The refused ones' holds (placed before the commit that refused them) were released.
    const { rows } = await sql<{ reference: string }>`
      select reference from inventory.vehicle_claim
      where status = 'active' and kind = 'hold' and lower(period) >= ${inDays(59)}::timestamptz`.execute(
      t.db.kysely,
    );
    expect(rows.map((r) => r.reference).sort()).toEqual(created.map((r) => r.json<Reservation>().id).sort());
  });
});
