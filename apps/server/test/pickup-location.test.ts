import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  ReservationEvents,
  type CreateLocationBody,
  type Location,
  type Reservation,
  type Terms,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  expectProblem,
  inDays,
  newCustomer,
  operator,
  outbox,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import { composeReservations } from './support/reservation-modules';

const airport = {
  name: 'Airport lot B',
  address: {
    lines: ['3600 Presidential Blvd'],
    city: 'Austin',
    region: 'TX',
    postalCode: '78719',
    country: 'US',
  },
  coordinates: { lat: 30.1975, lng: -97.6664 },
  // Not the renter's zone: the calendar file follows the location's.
  timeZone: 'America/Chicago',
  openingHours: {
    mon: [{ opens: '06:00', closes: '23:00' }],
    tue: [{ opens: '06:00', closes: '23:00' }],
    wed: [{ opens: '06:00', closes: '23:00' }],
    thu: [{ opens: '06:00', closes: '23:00' }],
    fri: [{ opens: '06:00', closes: '23:00' }],
    sat: [{ opens: '08:00', closes: '20:00' }],
    sun: [],
  },
  instructions: 'Row B, bays 40-44. The car unlocks from the app.',
  phone: '+1 512 555 0142',
} satisfies CreateLocationBody;

const OPERATOR_PHONE = '+15125550199';

/** An .ics property line (unfolded) whose name, with its parameters, starts with `name`. */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

// The pickup location travels from inventory (the vehicle's home) into the reservation, its events
// and its calendar file; the operator's configured contact stands in when the place has no phone.
describe.each(TEST_ENGINES)('pickup location of a reservation on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;

  beforeAll(async () => {
    t = await composeReservations(engine, { OPERATOR_CONTACT_PHONE: OPERATOR_PHONE });
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  const book = async (vehicleId: string, customer = newCustomer()) => {
    const period = { from: inDays(3), to: inDays(5), timeZone: 'Europe/Paris' };
    const held = await api.reserve(customer, { vehicleId, ...period });
    expect(held.statusCode, held.body).toBe(201);
    const terms = (await t.app.inject({ url: '/api/v1/terms/current' })).json<Terms>();
    const confirmed = await api.confirm(customer, held.json<Reservation>().id, {
      termsVersion: terms.version,
      acceptTerms: true,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { customer, reservation: confirmed.json<Reservation>() };
  };

  it('keeps the home location with the reservation and its events; the contact is the location’s phone', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: operator,
      payload: airport,
    });
    expect(created.statusCode, created.body).toBe(201);
    const location = created.json<Location>();
    const car = await api.vehicle({ displayName: 'Airport Y', homeLocationId: location.id });
    const { reservation } = await book(car.id);

    expect(reservation.pickupLocation).toEqual({
      id: location.id,
      name: airport.name,
      address: airport.address,
      coordinates: airport.coordinates,
      timeZone: 'America/Chicago',
      openingHours: airport.openingHours,
      instructions: airport.instructions,
      phone: '+15125550142',
    });
    expect(reservation.contactPhone).toBe('+15125550142');
    expect(reservation.cancellation.policy.summary).toContain('contact the operator on +15125550142');
    const confirmed = (await outbox(t.db, reservation.id)).find(
      (e) => e.type === ReservationEvents.confirmed.type,
    );
    expect(confirmed?.data).toMatchObject({ pickupLocation: reservation.pickupLocation });
  });

  it('offers the pickup and the return as an .ics in the location’s zone, to its customer only', async () => {
    const location = (
      await t.app.inject({ method: 'POST', url: '/api/v1/locations', headers: operator, payload: airport })
    ).json<Location>();
    const car = await api.vehicle({ homeLocationId: location.id });
    const { customer, reservation } = await book(car.id);

    const res = await t.app.inject({
      url: `/api/v1/reservations/${reservation.id}/calendar.ics`,
      headers: customer,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('.ics');
    const ics = lines(res.body);
    expect(ics[0]).toBe('BEGIN:VCALENDAR');
    expect(ics.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(ics.filter((l) => l === 'END:VEVENT')).toHaveLength(2);
    expect(ics).toContain(`UID:${reservation.id}-pickup@cybertacotruck`);
    expect(ics).toContain(`UID:${reservation.id}-return@cybertacotruck`);
    // Pickup at `from`, written as wall-clock time in Chicago under its TZID.
    const chicago = (iso: string) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'America/Chicago',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .format(new Date(iso))
        .replace(/[-:]/g, '')
        .replace(' ', 'T');
    expect(ics).toContain(`DTSTART;TZID=America/Chicago:${chicago(reservation.from)}`);
    expect(ics).toContain(`DTEND;TZID=America/Chicago:${chicago(reservation.to)}`);
    const locationLines = ics.filter((l) => l.startsWith('LOCATION:'));
    expect(locationLines).toHaveLength(2);
    expect(locationLines[0]).toContain('Airport lot B');
    expect(locationLines[0]).toContain('3600 Presidential Blvd\\, Austin\\, TX 78719\\, US');
    expect(ics.filter((l) => l === 'GEO:30.1975;-97.6664')).toHaveLength(2);
    const description = ics.find((l) => l.startsWith('DESCRIPTION:')) ?? '';
    expect(description).toContain('https://www.google.com/maps/dir/?api=1&destination=30.1975\\,-97.6664');
    expect(description).toContain('Row B\\, bays 40-44.');
    expect(ics.at(-1) === '' ? ics.at(-2) : ics.at(-1)).toBe('END:VCALENDAR');

    const stranger = await t.app.inject({
      url: `/api/v1/reservations/${reservation.id}/calendar.ics`,
      headers: newCustomer(),
    });
    expectProblem(stranger, 404, ProblemTypes.reservationNotFound);
    expect(stranger.body).not.toContain('VCALENDAR');
    const anonymous = await t.app.inject({ url: `/api/v1/reservations/${reservation.id}/calendar.ics` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('names the operator’s configured phone when the vehicle has no home location', async () => {
    const car = await api.vehicle({ displayName: 'Homeless 3' });
    const { customer, reservation } = await book(car.id);
    expect(reservation.pickupLocation).toBeNull();
    expect(reservation.contactPhone).toBe(OPERATOR_PHONE);
    expect(reservation.cancellation.policy.summary).toContain(`contact the operator on ${OPERATOR_PHONE}`);
    const ics = await t.app.inject({
      url: `/api/v1/reservations/${reservation.id}/calendar.ics`,
      headers: customer,
    });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain(`DTSTART;TZID=Europe/Paris:`);
    expect(ics.body).not.toContain('GEO:');
    expect(ics.body).toContain(`Contact: ${OPERATOR_PHONE}`);
  });
});
