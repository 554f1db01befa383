import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  ReservationEvents,
  type Quote,
  type Reservation,
  type Terms,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  expectProblem,
  inDays,
  inHours,
  newCustomer,
  operator,
  outbox,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import { claimsOf, composeReservations } from './support/reservation-modules';

// The reservation service composed with the real inventory calendar, as one process runs them.
describe.each(TEST_ENGINES)('reservations with the inventory calendar on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  it('holds, quotes, shows the terms, confirms, lists and cancels, with an event for each change', async () => {
    const customer = newCustomer();
    const car = await api.vehicle({ model: 'model_y', displayName: 'Blue Y' });
    const period = { from: inDays(3), to: inDays(5), timeZone: 'America/New_York' };

    const quoted = await api.quote(customer, { vehicleId: car.id, ...period });
    expect(quoted.statusCode, quoted.body).toBe(200);
    const quote = quoted.json<Quote>();
    expect(quote).toMatchObject({ model: 'model_y', days: 2, dailyRateMinor: 9900, subtotalMinor: 19800 });
    expect(quote.totalDueMinor).toBe(19800 + 25000);

    const created = await api.reserve(customer, { vehicleId: car.id, ...period });
    expect(created.statusCode, created.body).toBe(201);
    const held = created.json<Reservation>();
    expect(held).toMatchObject({
      customerId: customer['x-test-user'],
      vehicleId: car.id,
      vehicle: { model: 'model_y', displayName: 'Blue Y' },
      status: 'held',
      timeZone: 'America/New_York',
      quote,
      terms: { version: 1, acceptedAt: null },
      cancellation: { allowed: true, policy: { freeUntilHoursBeforePickup: 24 } },
      cancelledAt: null,
    });
    const holdMs = Date.parse(held.holdExpiresAt ?? '') - Date.parse(held.createdAt);
    expect(holdMs).toBeGreaterThan(590_000);
    expect(holdMs).toBeLessThan(610_000);
    expect(Date.parse(held.cancellation.freeUntil)).toBe(Date.parse(period.from) - 24 * 3_600_000);
    // The calendar holds the vehicle under the reservation's id.
    expect(await claimsOf(t.db, car.id)).toEqual([
      expect.objectContaining({ kind: 'hold', status: 'active', reference: held.id }),
    ]);

    const terms = (await t.app.inject({ url: '/api/v1/terms/current' })).json<Terms>();
    expect(terms.version).toBe(1);

    const confirmed = await api.confirm(customer, held.id, {
      termsVersion: terms.version,
      acceptTerms: true,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const booking = confirmed.json<Reservation>();
    expect(booking).toMatchObject({ id: held.id, status: 'confirmed', holdExpiresAt: null, quote });
    expect(booking.terms.acceptedAt).not.toBeNull();
    expect(await claimsOf(t.db, car.id)).toEqual([
      expect.objectContaining({ kind: 'booking', status: 'active', reference: held.id }),
    ]);

    expect((await api.list(customer)).items.map((r) => r.id)).toEqual([held.id]);
    expect((await api.list(customer, '?scope=past')).items).toEqual([]);
    expect((await api.list(customer, '?scope=cancelled')).items).toEqual([]);
    expect((await api.get(customer, held.id)).json<Reservation>()).toEqual(booking);

    const cancelled = await api.cancel(customer, held.id, { reason: 'Plans changed' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<Reservation>()).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'customer',
      cancelReason: 'Plans changed',
      cancellation: { allowed: false },
    });
    expect(await claimsOf(t.db, car.id)).toEqual([expect.objectContaining({ status: 'released' })]);
    expect((await api.list(customer)).items).toEqual([]);
    expect((await api.list(customer, '?scope=cancelled')).items.map((r) => r.id)).toEqual([held.id]);

    const events = await outbox(t.db, held.id);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      [ReservationEvents.held.type, 1],
      [ReservationEvents.confirmed.type, 1],
      [ReservationEvents.cancelled.type, 1],
    ]);
    const facts = {
      reservationId: held.id,
      customerId: customer['x-test-user'],
      vehicleId: car.id,
      vehicleName: 'Blue Y',
      model: 'model_y',
      from: held.from,
      to: held.to,
      timeZone: 'America/New_York',
      totalDueMinor: quote.totalDueMinor,
      currency: 'USD',
      rentalMinor: quote.subtotalMinor,
    };
    expect(events[0]?.data).toEqual({ ...facts, holdExpiresAt: held.holdExpiresAt });
    expect(events[1]?.data).toEqual({
      ...facts,
      termsVersion: 1,
      freeCancellationUntil: held.cancellation.freeUntil,
    });
    expect(events[2]?.data).toEqual({
      ...facts,
      cancelledBy: 'customer',
      reason: 'Plans changed',
      wasConfirmed: true,
    });
    // The vehicle is free again for anyone.
    expect((await api.reserve(newCustomer(), { vehicleId: car.id, ...period })).statusCode).toBe(201);
  });

  it('shows a customer only their own reservations: another’s is 404, never 403', async () => {
    const a = newCustomer();
    const b = newCustomer();
    const car = await api.vehicle();
    const mine = await api.held(a, { vehicleId: car.id, from: inDays(7), to: inDays(8) });

    expectProblem(await api.get(b, mine.id), 404, ProblemTypes.reservationNotFound);
    expectProblem(await api.cancel(b, mine.id), 404, ProblemTypes.reservationNotFound);
    expectProblem(await api.confirm(b, mine.id), 404, ProblemTypes.reservationNotFound);
    expect((await api.list(b)).items).toEqual([]);
    expect((await api.list(b, `?customerId=${a['x-test-user']}`)).items).toEqual([]);
    expect((await api.get(a, mine.id)).statusCode).toBe(200);
    expect((await api.get(operator, mine.id)).json<Reservation>().cancellation.allowed).toBe(true);
    expect((await api.get(a, mine.id)).json<Reservation>().status).toBe('held');
    expectProblem(await api.get({}, mine.id), 401, ProblemTypes.unauthenticated);
  });

  it('stops a customer cancelling after the free window, while an operator still can', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    // Pickup in 10 hours: the free window (24 h before pickup) has already closed.
    const soon = await api.held(customer, { vehicleId: car.id, from: inHours(10), to: inHours(40) });
    expect(soon.cancellation.allowed).toBe(true); // a held reservation can always be abandoned
    expect((await api.confirm(customer, soon.id)).statusCode).toBe(200);
    const booked = (await api.get(customer, soon.id)).json<Reservation>();
    expect(booked.cancellation.allowed).toBe(false);
    expect((await api.get(operator, soon.id)).json<Reservation>().cancellation.allowed).toBe(true);

    const refused = expectProblem(
      await api.cancel(customer, soon.id),
      409,
      ProblemTypes.cancellationWindowClosed,
    );
    expect(refused.detail).toMatch(/contact the operator/i);
    expect(refused.detail).toContain('(America/Chicago)');
    expect((await api.get(customer, soon.id)).json<Reservation>().status).toBe('confirmed');

    const byOperator = await api.cancel(operator, soon.id, { reason: 'Customer called' });
    expect(byOperator.statusCode, byOperator.body).toBe(200);
    expect(byOperator.json<Reservation>()).toMatchObject({ status: 'cancelled', cancelledBy: 'operator' });
    expect((await outbox(t.db, soon.id)).at(-1)?.data).toMatchObject({
      cancelledBy: 'operator',
      reason: 'Customer called',
      wasConfirmed: true,
    });

    // A held reservation inside the window is abandoned freely.
    const other = await api.held(customer, { vehicleId: car.id, from: inHours(12), to: inHours(20) });
    const abandoned = await api.cancel(customer, other.id);
    expect(abandoned.statusCode, abandoned.body).toBe(200);
    expect((await outbox(t.db, other.id)).at(-1)?.data).toMatchObject({ wasConfirmed: false, reason: null });
  });

  it('refuses to touch closed reservations: cancel twice → reservation-closed, confirm → not-held', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const r = await api.held(customer, { vehicleId: car.id, from: inDays(9), to: inDays(10) });
    expect((await api.cancel(customer, r.id)).statusCode).toBe(200);
    const events = (await outbox(t.db, r.id)).length;
    expectProblem(await api.cancel(customer, r.id), 409, ProblemTypes.reservationClosed);
    expectProblem(await api.cancel(operator, r.id), 409, ProblemTypes.reservationClosed);
    expectProblem(await api.confirm(customer, r.id), 409, ProblemTypes.reservationNotHeld);
    expect((await outbox(t.db, r.id)).length).toBe(events);
  });

  it('asks for the current terms: an outdated version is refused, the current one confirms', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const r = await api.held(customer, { vehicleId: car.id, from: inDays(12), to: inDays(13) });
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/v1/terms',
      headers: operator,
      payload: { title: 'Rental terms v2', body: 'Updated.' },
    });
    expect(published.statusCode).toBe(201);
    const version = published.json<Terms>().version;
    const outdated = expectProblem(
      await api.confirm(customer, r.id, { termsVersion: version - 1, acceptTerms: true }),
      409,
      ProblemTypes.termsOutdated,
    );
    expect(outdated.detail).toContain(`version ${version}`);
    const confirmed = await api.confirm(customer, r.id, { termsVersion: version, acceptTerms: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<Reservation>().terms.version).toBe(version);
  });

  it('lets an operator list everyone’s reservations with filters and pages', async () => {
    const a = newCustomer();
    const b = newCustomer();
    const car = await api.vehicle();
    const other = await api.vehicle();
    const r1 = await api.held(a, { vehicleId: car.id, from: inDays(40), to: inDays(41) });
    const r2 = await api.held(b, { vehicleId: car.id, from: inDays(42), to: inDays(43) });
    const r3 = await api.held(b, { vehicleId: other.id, from: inDays(40), to: inDays(41) });
    expect((await api.cancel(b, r2.id)).statusCode).toBe(200);

    const byVehicle = await api.list(operator, `?vehicleId=${car.id}`);
    expect(byVehicle.items.map((r) => r.id)).toEqual([r2.id, r1.id]); // latest first
    const byCustomer = await api.list(operator, `?customerId=${b['x-test-user']}&status=held`);
    expect(byCustomer.items.map((r) => r.id)).toEqual([r3.id]);
    const window = `from=${encodeURIComponent(inDays(40))}&to=${encodeURIComponent(inDays(41))}`;
    const overlapping = await api.list(operator, `?${window}&scope=upcoming`);
    expect(overlapping.items.map((r) => r.id).sort()).toEqual([r1.id, r3.id].sort());
    const page = await api.list(operator, `?${window}&limit=1`);
    expect(page.items).toHaveLength(1);
    expect(page.nextOffset).toBe(1);
    const last = await api.list(operator, `?${window}&limit=1&offset=1`);
    expect(last.nextOffset).toBeNull();
    expect([page.items[0]?.id, last.items[0]?.id].sort()).toEqual([r1.id, r3.id].sort());
    // Customers see their upcoming ones soonest first.
    const soonest = await api.held(b, { vehicleId: other.id, from: inDays(35), to: inDays(36) });
    expect((await api.list(b)).items.map((r) => r.id)).toEqual([soonest.id, r3.id]);
    expect((await api.list(b, '?scope=cancelled')).items.map((r) => r.id)).toEqual([r2.id]);
  });
});
