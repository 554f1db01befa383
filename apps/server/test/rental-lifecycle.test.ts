import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  ReservationEvents,
  type Dispute,
  type DisputeList,
  type Location,
  type Rental,
  type Reservation,
  type ReturnFees,
  type Terms,
  type VehicleReadings,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { parseConfig } from '@cybertacotruck/platform';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  InventoryCalendarClient,
  InventoryReadingsClient,
  rentalOf,
  repositories,
  ReservationConfigSchema,
  type ReadingsClient,
  type ReservationTables,
} from '@cybertacotruck/reservation';
import {
  expectProblem,
  inDays,
  newCustomer,
  operator,
  outbox,
  reservationApi,
  type Headers,
} from '@cybertacotruck/reservation/testing';
import { claimsOf, composeReservations } from './support/reservation-modules';

const FEES: ReturnFees = {
  includedKmPerDay: 100,
  perKmFeeMinor: 35,
  chargeFeePerPercentMinor: 50,
  lateGraceMinutes: 30,
  lateFeePerHourMinor: 2_000,
};
const HOME = { lat: 30.2672, lng: -97.7431 };
const MI_PER_KM = 1 / 1.609344;

const depot = {
  name: 'Downtown depot',
  address: { lines: ['500 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
  coordinates: HOME,
  timeZone: 'America/Chicago',
  openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  phone: '+1 512 555 0100',
};

// Pickup and return against the real inventory (its live state, its locations) in one process:
// readings recorded, charges by the reservation's terms version, events, idempotency, refusals.
describe.each(TEST_ENGINES)('rental lifecycle on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;
  let homeId: string;
  let termsVersion: number;

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/v1/terms',
      headers: operator,
      payload: { title: 'Rental terms (fees at return)', body: 'Fees at return.', returnFees: FEES },
    });
    expect(published.statusCode, published.body).toBe(201);
    termsVersion = published.json<Terms>().version;
    expect(published.json<Terms>().returnFees).toEqual(FEES);
    const location = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: operator,
      payload: depot,
    });
    expect(location.statusCode, location.body).toBe(201);
    homeId = location.json<Location>().id;
  });
  afterAll(() => t.dispose());

  /** A confirmed reservation of a new car at home, for 2 days from `startDays` ahead. */
  const booked = async (startDays = 2) => {
    const customer = newCustomer();
    const car = await api.vehicle({ homeLocationId: homeId });
    const held = await api.held(customer, {
      vehicleId: car.id,
      from: inDays(startDays),
      to: inDays(startDays + 2),
    });
    const confirmed = await api.confirm(customer, held.id, { termsVersion, acceptTerms: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { customer, reservation: confirmed.json<Reservation>(), vehicleId: car.id };
  };

  /** What the car reports, written as telemetry would leave it in inventory's live state. */
  const carReports = async (
    vehicleId: string,
    s: { km: number; percent: number; at?: { lat: number; lng: number }; activity?: string },
  ) => {
    const position = s.at ?? HOME;
    await sql`insert into inventory.vehicle_live_state
        (vehicle_id, connectivity, activity, latitude, longitude, battery_level, range_mi, locked, odometer_mi, data_as_of, last_seen_at)
      values (${vehicleId}, 'online', ${s.activity ?? 'parked'}, ${position.lat}, ${position.lng}, ${s.percent},
        ${s.percent * 3}, true, ${s.km * MI_PER_KM}, now(), now())
      on conflict (vehicle_id) do update set activity = excluded.activity, latitude = excluded.latitude,
        longitude = excluded.longitude, battery_level = excluded.battery_level, range_mi = excluded.range_mi,
        odometer_mi = excluded.odometer_mi, data_as_of = now()`.execute(t.db.kysely);
  };

  const post = (url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const pickup = (id: string, headers: Headers = operator) =>
    post(`/api/v1/reservations/${id}/pickup`, headers);
  const giveBack = (id: string, headers: Headers = operator) =>
    post(`/api/v1/reservations/${id}/return`, headers);

  /** The rental module with a fixed clock and, optionally, readings given by the test. */
  const rentalAt = (now: Date, readings?: ReadingsClient) => {
    const db = t.db.kysely.withTables<ReservationTables>();
    return rentalOf(
      {
        db,
        repos: repositories(db),
        config: parseConfig(ReservationConfigSchema, {}),
        calendar: new InventoryCalendarClient(t.app.peers),
        now: () => now,
        logger: t.app.log,
      },
      readings ?? new InventoryReadingsClient(t.app.peers),
    );
  };

  it('records readings at pickup and return, charges by the terms, frees the car; a repeat changes nothing', async () => {
    const { customer, reservation, vehicleId } = await booked();
    await carReports(vehicleId, { km: 10_000, percent: 80 });

    const picked = await pickup(reservation.id);
    expect(picked.statusCode, picked.body).toBe(200);
    const rental = picked.json<Rental>();
    expect(rental).toMatchObject({ status: 'picked_up', termsVersion, return: null });
    expect(rental.pickup).toMatchObject({ by: 'operator' });
    expect(rental.pickup?.readings).toMatchObject({
      odometerKm: 10_000,
      chargePercent: 80,
      locked: true,
      activity: 'parked',
      position: { latitude: HOME.lat, longitude: HOME.lng },
      distanceFromHomeM: 0,
    });
    expect((await pickup(reservation.id)).json<Rental>()).toEqual(rental);
    expect((await api.get(customer, reservation.id)).json<Reservation>().status).toBe('picked_up');
    // Past cancelling once picked up.
    expectProblem(await api.cancel(operator, reservation.id), 409, ProblemTypes.reservationClosed);

    // 2 days × 100 km included; 250.4 km driven: 50 km over; 80% → 71%: 9 points below.
    await carReports(vehicleId, { km: 10_250.4, percent: 71 });
    const returned = await giveBack(reservation.id);
    expect(returned.statusCode, returned.body).toBe(200);
    const receipt = returned.json<Rental>();
    expect(receipt.status).toBe('returned');
    expect(receipt.return).toMatchObject({ by: 'operator', totalMinor: 50 * 35 + 9 * 50, currency: 'USD' });
    expect(receipt.return?.charges.map((c) => [c.kind, c.quantity, c.amountMinor])).toEqual([
      ['distance', 50, 1_750],
      ['charge', 9, 450],
    ]);
    expect(receipt.return?.readings).toMatchObject({ odometerKm: 10_250.4, chargePercent: 71 });

    // Idempotent: the same receipt, no second event.
    expect((await giveBack(reservation.id)).json<Rental>()).toEqual(receipt);
    const events = (await outbox(t.db, reservation.id)).map((e) => e.type);
    expect(events.filter((e) => e === ReservationEvents.pickedUp.type)).toHaveLength(1);
    expect(events.filter((e) => e === ReservationEvents.returned.type)).toHaveLength(1);
    const event = (await outbox(t.db, reservation.id)).find(
      (e) => e.type === ReservationEvents.returned.type,
    );
    expect(event?.data).toMatchObject({
      reservationId: reservation.id,
      vehicleId,
      customerId: reservation.customerId,
      totalMinor: 2_200,
      currency: 'USD',
      termsVersion,
      by: 'operator',
      pickupReadings: { odometerKm: 10_000, chargePercent: 80 },
      readings: { odometerKm: 10_250.4, chargePercent: 71 },
    });
    // The booking is released: the car is free for others.
    expect((await claimsOf(t.db, vehicleId)).map((c) => c.status)).toEqual(['released']);
    // The renter sees the same receipt; another customer does not.
    expect(
      (
        await t.app.inject({ url: `/api/v1/reservations/${reservation.id}/rental`, headers: customer })
      ).json<Rental>(),
    ).toEqual(receipt);
    expectProblem(
      await t.app.inject({ url: `/api/v1/reservations/${reservation.id}/rental`, headers: newCustomer() }),
      404,
      ProblemTypes.reservationNotFound,
    );
  });

  it('refuses a pickup or return in the wrong state with a 409 that changes nothing', async () => {
    const customer = newCustomer();
    const car = await api.vehicle({ homeLocationId: homeId });
    const held = await api.held(customer, { vehicleId: car.id, from: inDays(9), to: inDays(10) });
    const before = await outbox(t.db, held.id);
    const refused = expectProblem(await pickup(held.id), 409, ProblemTypes.reservationNotConfirmed);
    expect(refused.detail).toContain('is held');
    expectProblem(await giveBack(held.id), 409, ProblemTypes.reservationNotPickedUp);

    const { reservation } = await booked(12);
    expectProblem(await giveBack(reservation.id), 409, ProblemTypes.reservationNotPickedUp);
    expect((await api.cancel(operator, reservation.id)).statusCode).toBe(200);
    expectProblem(await pickup(reservation.id), 409, ProblemTypes.reservationNotConfirmed);

    expect(await outbox(t.db, held.id)).toEqual(before);
    expect((await api.get(customer, held.id)).json<Reservation>().status).toBe('held');
    expectProblem(await pickup(reservation.id, customer), 403, ProblemTypes.forbidden);
    expectProblem(
      await pickup('00000000-0000-4000-8000-000000000000'),
      404,
      ProblemTypes.reservationNotFound,
    );
  });

  it('charges nothing exactly at the allowance, the pickup level and the grace; one step over, each', async () => {
    const read = (km: number, percent: number): ReadingsClient => ({
      read: () =>
        Promise.resolve({
          at: new Date().toISOString(),
          dataAsOf: null,
          odometerKm: km,
          chargePercent: percent,
          rangeKm: null,
          tyrePressureBar: null,
          position: null,
          locked: null,
          activity: 'parked',
          distanceFromHomeM: null,
        } satisfies VehicleReadings),
    });
    const exact = await booked(20);
    const end = new Date(exact.reservation.to);
    const graceEnd = new Date(end.getTime() + FEES.lateGraceMinutes * 60_000);
    await rentalAt(end, read(500, 90)).pickup(exact.reservation.id);
    const none = await rentalAt(graceEnd, read(700, 90)).return(exact.reservation.id);
    expect(none.return).toMatchObject({ charges: [], totalMinor: 0 });

    const over = await booked(25);
    const overEnd = new Date(over.reservation.to);
    await rentalAt(overEnd, read(500, 90)).pickup(over.reservation.id);
    const one = await rentalAt(
      new Date(overEnd.getTime() + FEES.lateGraceMinutes * 60_000 + 1),
      read(701, 89),
    ).return(over.reservation.id);
    expect(one.return?.charges.map((c) => [c.kind, c.quantity, c.amountMinor])).toEqual([
      ['distance', 1, 35],
      ['charge', 1, 50],
      ['late', 1, 2_000],
    ]);
    expect(one.return?.totalMinor).toBe(2_085);
  });

  it('charges nothing at return under terms without fees (version 1 keeps its own)', async () => {
    const { reservation, vehicleId } = await booked(30);
    // As if confirmed before version 2 was published.
    await sql`update reservation.reservation set terms_version = 1 where id = ${reservation.id}`.execute(
      t.db.kysely,
    );
    await carReports(vehicleId, { km: 100, percent: 90 });
    await pickup(reservation.id);
    await carReports(vehicleId, { km: 5_000, percent: 5 });
    const receipt = (await giveBack(reservation.id)).json<Rental>();
    expect(receipt).toMatchObject({
      termsVersion: 1,
      status: 'returned',
      return: { charges: [], totalMinor: 0 },
    });
  });

  it('returns a car by itself once its period is over and it is parked at home; not one still away', async () => {
    const home = await booked(35);
    const away = await booked(40);
    for (const b of [home, away]) {
      await carReports(b.vehicleId, { km: 2_000, percent: 80 });
      expect((await pickup(b.reservation.id)).statusCode).toBe(200);
    }
    await carReports(home.vehicleId, {
      km: 2_100,
      percent: 80,
      at: { lat: HOME.lat + 0.0005, lng: HOME.lng },
    });
    await carReports(away.vehicleId, { km: 2_100, percent: 80, at: { lat: HOME.lat + 0.05, lng: HOME.lng } });
    // Not over yet: nothing happens.
    const sweepNow = rentalAt(new Date());
    expect(await sweepNow.detectReturns()).toEqual([]);

    const after = rentalAt(new Date(Date.parse(away.reservation.to) + 60_000));
    const returned = (await after.detectReturns()).map((r) => r.id);
    expect(returned).toContain(home.reservation.id);
    expect(returned).not.toContain(away.reservation.id);
    const rental = (
      await t.app.inject({ url: `/api/v1/reservations/${home.reservation.id}/rental`, headers: operator })
    ).json<Rental>();
    expect(rental).toMatchObject({ status: 'returned', return: { by: 'automatic' } });
    expect(rental.return?.readings.distanceFromHomeM).toBeLessThanOrEqual(150);
    const awayNow = (
      await t.app.inject({ url: `/api/v1/reservations/${away.reservation.id}/rental`, headers: operator })
    ).json<Rental>();
    expect(awayNow.status).toBe('picked_up');
  });

  it('marks a reservation not collected within the grace a no-show and frees its car', async () => {
    const { customer, reservation, vehicleId } = await booked(45);
    const start = Date.parse(reservation.from);
    expect(await rentalAt(new Date(start + 119 * 60_000)).markNoShows()).not.toContainEqual(
      expect.objectContaining({ id: reservation.id }),
    );
    const marked = await rentalAt(new Date(start + 120 * 60_000)).markNoShows();
    expect(marked.map((r) => r.id)).toContain(reservation.id);
    expect((await api.get(customer, reservation.id)).json<Reservation>().status).toBe('no_show');
    const events = await outbox(t.db, reservation.id);
    expect(events.at(-1)).toMatchObject({
      type: ReservationEvents.noShow.type,
      data: { reservationId: reservation.id },
    });
    expect((await claimsOf(t.db, vehicleId)).map((c) => c.status)).toEqual(['released']);
    expectProblem(await pickup(reservation.id), 409, ProblemTypes.reservationNotConfirmed);
  });

  it('lets the renter dispute a returned rental; the operators list it', async () => {
    const { customer, reservation, vehicleId } = await booked(50);
    const dispute = (headers: Headers, payload: object) =>
      post(`/api/v1/reservations/${reservation.id}/disputes`, headers, payload);
    expectProblem(
      await dispute(customer, { message: 'Too early' }),
      409,
      ProblemTypes.reservationNotReturned,
    );
    await carReports(vehicleId, { km: 1_000, percent: 60 });
    await pickup(reservation.id);
    await carReports(vehicleId, { km: 1_300, percent: 60 });
    await giveBack(reservation.id);

    expectProblem(await dispute(customer, { message: '   ' }), 400, ProblemTypes.validation);
    expectProblem(
      await dispute(newCustomer(), { message: 'Not mine' }),
      404,
      ProblemTypes.reservationNotFound,
    );
    expectProblem(await dispute(operator, { message: 'Operator' }), 403, ProblemTypes.forbidden);
    const created = await dispute(customer, { message: 'I drove 250 km, not 300.' });
    expect(created.statusCode, created.body).toBe(201);
    const stored = created.json<Dispute>();
    expect(stored).toMatchObject({ reservationId: reservation.id, message: 'I drove 250 km, not 300.' });

    const list = await t.app.inject({ url: '/api/v1/disputes', headers: operator });
    expect(list.json<DisputeList>().items).toContainEqual(stored);
    expectProblem(
      await t.app.inject({ url: '/api/v1/disputes', headers: customer }),
      403,
      ProblemTypes.forbidden,
    );
    const rental = (
      await t.app.inject({ url: `/api/v1/reservations/${reservation.id}/rental`, headers: customer })
    ).json<Rental>();
    expect(rental.disputes).toEqual([stored]);
  });
});
