import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope, RentalAccessAlertV1 } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { confirmedEvent, eventOf, type NotificationBed, notificationBed, plain } from '../testing/fakes';
import { notificationTestDatabase } from '../testing/database';

const HOUR_MS = 3_600_000;
const TABLES = ['delivery', 'outgoing', 'alert', 'reservation'] as const;

// inventory.rental_access.alert: a rented car has Tesla's five drivers (no key for the renter) or
// left its geofence. Each event is a message to the operators; the Alerts page keeps one row per
// reservation × reason, with the rental's times.
describe.each(TEST_ENGINES)('rental access alerts on %s (account client faked)', (engine) => {
  const testDb = notificationTestDatabase(engine, TABLES);
  let { directory, clock, sms, m } = {} as NotificationBed;
  beforeEach(() => {
    ({ directory, clock, sms, m } = notificationBed(testDb.db.kysely, '2026-12-01T15:00:00Z'));
  });

  const deliver = (event: EventEnvelope<unknown>) =>
    testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
  const alertOf = (o: Pick<RentalAccessAlertV1, 'reservationId' | 'vehicleId' | 'reason' | 'detail'>) =>
    eventOf<RentalAccessAlertV1>('inventory.rental_access.alert', o.vehicleId, {
      vehicleName: 'Midnight Model Y',
      at: clock.at.toISOString(),
      ...o,
    });

  it('lists a geofence exit once per rental with its times, and messages every exit', async () => {
    const customer = directory.add('customer');
    const operator = directory.add('operator');
    const vehicleId = randomUUID();
    const booked = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() - 2 * HOUR_MS), {
      vehicleId,
    });
    await deliver(booked);
    const exit = alertOf({
      reservationId: booked.data.reservationId,
      vehicleId,
      reason: 'geofence_exit',
      detail: 'Midnight Model Y left its area (Austin metro) at 3:00 PM.',
    });
    await deliver(exit);
    await deliver(exit); // redelivered: nothing new
    await deliver({ ...exit, id: randomUUID(), data: { ...exit.data, detail: 'It left again at 4:10 PM.' } });

    const alerts = await m.deps.repos.alerts.list({ reason: 'geofence_exit', limit: 10 });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      reason: 'geofence_exit',
      reservationId: booked.data.reservationId,
      vehicleId,
      vehicleName: 'Midnight Model Y',
      startsAt: new Date(booked.data.from),
      endsAt: new Date(booked.data.to),
    });
    await m.dispatch.runOnce();
    await m.sender.runOnce();
    const toOperator = sms.sent.filter((s) => s.to === operator.contact.phone).map((s) => plain(s.body));
    expect(toOperator).toHaveLength(2);
    expect(toOperator.join('\n')).toContain('It left again at 4:10 PM.');
  });

  it('lists a car with five drivers, before the rental’s confirmation has arrived, at the event’s time', async () => {
    directory.add('operator');
    const reservationId = randomUUID();
    const vehicleId = randomUUID();
    await deliver(
      alertOf({
        reservationId,
        vehicleId,
        reason: 'driver_limit',
        detail: 'The car already has five drivers.',
      }),
    );
    const [alert] = await m.deps.repos.alerts.list({ limit: 10 });
    expect(alert).toMatchObject({
      reason: 'driver_limit',
      reservationId,
      vehicleId,
      startsAt: clock.at,
      endsAt: clock.at,
    });
  });
});
