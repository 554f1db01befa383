import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type RentedVehicles,
  type Reservation,
  type ReservationMovedV1,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  expectProblem,
  inDays,
  inHours,
  newCustomer,
  operator,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import { composeReservations } from './support/reservation-modules';

// The operator moves a confirmed booking through the reservation service; the inventory calendar's
// exclusion constraint decides whether the car is free, and a refusal changes neither side.
describe.each(TEST_ENGINES)('moving a booking on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;
  const customer = newCustomer();

  const move = (id: string, payload: object, headers = operator) =>
    t.app.inject({ method: 'POST', url: `/api/v1/reservations/${id}/move`, headers, payload });
  const booked = async (vehicleId: string, from: string, to: string, who = customer) => {
    const held = await api.held(who, { vehicleId, from, to, timeZone: 'UTC' });
    const confirmed = await api.confirm(who, held.id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return confirmed.json<Reservation>();
  };
  /** Both sides of a booking: the reservation's car and period, and its claim's. */
  const sides = async (id: string) => {
    const { rows } = await sql<{ r: string; c: string }>`
      select concat_ws('|', r.vehicle_id, r.starts_at, r.ends_at, r.status) as r,
        concat_ws('|', c.vehicle_id, lower(c.period), upper(c.period), c.status) as c
      from reservation.reservation r join inventory.vehicle_claim c on c.id = r.claim_id
      where r.id = ${id}`.execute(t.db.kysely);
    return rows[0];
  };

  /** The reservation's `moved` events, oldest first (written with the move, in its transaction). */
  const movedEvents = async (id: string) => {
    const { rows } = await sql<{ data: unknown }>`
      select data from reservation.outbox where key = ${id} and type = 'reservation.reservation.moved'
      order by seq`.execute(t.db.kysely);
    return rows.map(
      (row) => (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as ReservationMovedV1,
    );
  };

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  it('moves a booking to other dates over its own old period, then to another car of its model', async () => {
    const [a, b] = [await api.vehicle(), await api.vehicle({ displayName: 'Other Y' })];
    const r = await booked(a.id, inDays(3), inDays(5));
    const shifted = await move(r.id, { from: inDays(4), to: inDays(6) });
    expect(shifted.statusCode, shifted.body).toBe(200);
    const moved = shifted.json<Reservation>();
    expect(moved).toMatchObject({ id: r.id, status: 'confirmed', vehicleId: a.id });
    // The same price: the same model for the same number of rental days, on the new dates.
    expect(moved.quote).toEqual({
      ...r.quote,
      from: moved.from,
      to: moved.to,
      pickupDate: moved.quote.pickupDate,
      returnDate: moved.quote.returnDate,
    });
    expect(moved.quote.pickupDate).not.toBe(r.quote.pickupDate);
    // Cancellation stays free until the same time before the (new) pickup.
    expect(Date.parse(moved.cancellation.freeUntil) - Date.parse(moved.from)).toBe(
      Date.parse(r.cancellation.freeUntil) - Date.parse(r.from),
    );
    expect(Date.parse(moved.from)).toBe(Date.parse(inDays(4)));
    expect(Date.parse(moved.to)).toBe(Date.parse(inDays(6)));
    // The renter is told (notification) and their car access follows (inventory): one event, the
    // booking as it is now and where it was.
    const [event] = await movedEvents(r.id);
    expect(event).toMatchObject({
      reservationId: r.id,
      customerId: r.customerId,
      vehicleId: a.id,
      previous: { vehicleId: a.id, from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() },
    });
    expect(Date.parse(event?.from ?? '')).toBe(Date.parse(inDays(4)));
    expect(event?.freeCancellationUntil).toBe(new Date(moved.cancellation.freeUntil).toISOString());

    const swapped = await move(r.id, { vehicleId: b.id, from: inDays(4), to: inDays(6) });
    expect(swapped.statusCode, swapped.body).toBe(200);
    expect(swapped.json<Reservation>()).toMatchObject({
      vehicleId: b.id,
      vehicle: { displayName: 'Other Y' },
    });
    const both = await sides(r.id);
    expect(both?.r.split('|')[0]).toBe(b.id);
    expect(both?.c.split('|')[0]).toBe(b.id);
    expect(new Date(both?.c.split('|')[1] ?? '').getTime()).toBe(Date.parse(inDays(4)));
    const events = await movedEvents(r.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      vehicleId: b.id,
      vehicleName: 'Other Y',
      previous: { vehicleId: a.id },
    });
  });

  it('refuses an overlap, another length, another model, a held booking, a customer and an unknown id, changing nothing', async () => {
    const [a, b, three] = [await api.vehicle(), await api.vehicle(), await api.vehicle({ model: 'model_3' })];
    const r = await booked(a.id, inDays(10), inDays(12));
    const other = await booked(b.id, inDays(10), inDays(12), newCustomer());
    const before = await sides(r.id);

    const overlap = expectProblem(
      await move(r.id, { vehicleId: b.id, from: inDays(11), to: inDays(13) }),
      409,
      ProblemTypes.vehicleUnavailable,
    );
    expect(overlap.detail).toContain('not free');
    const longer = expectProblem(
      await move(r.id, { from: inDays(10), to: inDays(13) }),
      400,
      ProblemTypes.validation,
    );
    expect(longer.errors?.[0]).toMatchObject({ field: 'to' });
    expect(longer.detail).toContain('2 rental days');
    const model = expectProblem(
      await move(r.id, { vehicleId: three.id, from: inDays(20), to: inDays(22) }),
      400,
      ProblemTypes.validation,
    );
    expect(model.errors?.[0]).toMatchObject({ field: 'vehicleId' });
    const held = await api.held(customer, { vehicleId: a.id, from: inDays(30), to: inDays(31) });
    expectProblem(
      await move(held.id, { from: inDays(32), to: inDays(33) }),
      409,
      ProblemTypes.reservationClosed,
    );
    expect((await move(r.id, { from: inDays(20), to: inDays(22) }, customer)).statusCode).toBe(403);
    expectProblem(
      await move(crypto.randomUUID(), { from: inDays(20), to: inDays(22) }),
      404,
      ProblemTypes.reservationNotFound,
    );
    expectProblem(await move(r.id, { from: 'soon', to: inDays(22) }), 400, ProblemTypes.validation);

    expect(await sides(r.id)).toEqual(before);
    expect((await sides(other.id))?.c.split('|')[0]).toBe(b.id);
    // Nothing moved, so nobody is told anything.
    expect(await movedEvents(r.id)).toEqual([]);
    expect(await movedEvents(held.id)).toEqual([]);
  });

  it("tells inventory's live stream which cars a renter may watch: rented now or picked up within a day", async () => {
    const renter = newCustomer();
    const [soon, later] = [await api.vehicle(), await api.vehicle()];
    await booked(soon.id, inHours(2), inHours(26), renter);
    await booked(later.id, inDays(5), inDays(6), renter);
    const answer = await t.app.peers.call<RentedVehicles>('reservation', {
      method: 'GET',
      path: `/internal/customers/${renter['x-test-user'] ?? ''}/rented-vehicles`,
    });
    expect(answer.body.vehicleIds).toEqual([soon.id]);
    const browser = await t.app.inject({
      url: `/api/v1/internal/customers/${renter['x-test-user'] ?? ''}/rented-vehicles`,
      headers: operator,
    });
    expect(browser.statusCode).toBe(403);
  });
});
