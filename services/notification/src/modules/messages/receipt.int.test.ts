import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope, ReservationReturnedV1, VehicleReadings } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import {
  eventOf,
  type NotificationBed,
  notificationBed,
  plain,
  preferencesWith,
} from '../../../testing/fakes';
import { notificationTestDatabase } from '../../../testing/database';

const TABLES = ['delivery', 'outgoing', 'reminder', 'alert', 'reservation', 'vehicle_status'] as const;

const readings = (odometerKm: number, chargePercent: number): VehicleReadings => ({
  at: '2026-12-03T16:00:00.000Z',
  dataAsOf: '2026-12-03T15:59:00.000Z',
  odometerKm,
  chargePercent,
  rangeKm: chargePercent * 4.5,
  tyrePressureBar: { fl: 2.9, fr: 2.9, rl: 2.95, rr: 2.95 },
  position: { latitude: 30.2672, longitude: -97.7431 },
  locked: true,
  activity: 'parked',
  distanceFromHomeM: 12,
});

function returnedEvent(customerId: string, overrides: Partial<ReservationReturnedV1> = {}) {
  const reservationId = randomUUID();
  const data: ReservationReturnedV1 = {
    reservationId,
    customerId,
    vehicleId: randomUUID(),
    vehicleName: 'Midnight Model Y',
    model: 'model_y',
    from: '2026-12-01T16:00:00.000Z',
    to: '2026-12-03T16:00:00.000Z',
    timeZone: 'America/Chicago',
    totalDueMinor: 44_800,
    currency: 'USD',
    at: '2026-12-03T16:45:00.000Z',
    readings: readings(10_250.4, 71),
    pickupReadings: readings(10_000, 80),
    pickedUpAt: '2026-12-01T16:05:00.000Z',
    charges: [
      {
        kind: 'distance',
        amountMinor: 1_750,
        currency: 'USD',
        detail: '50 km over',
        quantity: 50,
        unit: 'km',
        rateMinor: 35,
      },
      {
        kind: 'charge',
        amountMinor: 450,
        currency: 'USD',
        detail: '9 points',
        quantity: 9,
        unit: 'percent',
        rateMinor: 50,
      },
      {
        kind: 'late',
        amountMinor: 2_000,
        currency: 'USD',
        detail: '45 min',
        quantity: 1,
        unit: 'hour',
        rateMinor: 2_000,
      },
    ],
    totalMinor: 4_200,
    termsVersion: 2,
    by: 'operator',
    ...overrides,
  };
  return eventOf('reservation.reservation.returned', reservationId, data);
}

// The receipt at return: through the notification pipeline (event → outgoing → delivery → sender).
describe.each(TEST_ENGINES)('rental receipt on %s (account client faked)', (engine) => {
  const testDb = notificationTestDatabase(engine, TABLES);
  let { directory, sms, email, m } = {} as NotificationBed;
  beforeEach(() => {
    ({ directory, sms, email, m } = notificationBed(testDb.db.kysely, '2026-12-03T17:00:00Z'));
  });
  const deliver = (event: EventEnvelope<unknown>) =>
    testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));

  it('e-mails the readings at pick-up and return, each charge and the total; once per event', async () => {
    const customer = directory.add('customer');
    const event = returnedEvent(customer.contact.id);
    await deliver(event);
    await deliver(event);
    await m.dispatch.runOnce();
    expect(await m.sender.runOnce()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(email.sent).toHaveLength(1);
    const mail = email.sent[0];
    expect(mail?.subject).toBe('Your receipt for Midnight Model Y');
    const text = plain(mail?.text ?? '');
    expect(text).toContain(
      'Readings at pick-up: Odometer 10,000 km, Charge 80 %, Range 360 km, Tyre pressures (bar) 2.9 / 2.9 / 2.95 / 2.95, Locked yes.',
    );
    expect(text).toContain('Readings at return: Odometer 10,250.4 km, Charge 71 %');
    expect(text).toContain('• Distance over the allowance: 50 km × $0.35 = $17.50');
    expect(text).toContain('• Charge below the pick-up level: 9 points × $0.50 = $4.50');
    expect(text).toContain('• Late return: 1 started hours × $20.00 = $20.00');
    expect(text).toContain('Total charged: $42.00.');
    expect(text).toContain('Dispute');
    expect(mail?.html).toContain('Total charged: $42.00.');
    expect(plain(sms.sent[0]?.body ?? '')).toContain('Charges at return: $42.00.');
  });

  it('follows the preferences and the reader’s language; no charges says so', async () => {
    const off = directory.add(
      'customer',
      {},
      preferencesWith({
        channels: {
          reservation: { sms: false, email: false },
          reminder: { sms: true, email: true },
          account: { sms: true, email: true },
          marketing: { sms: false, email: false },
        },
      }),
    );
    const de = directory.add('customer', {}, preferencesWith({ language: 'de', timeZone: 'Europe/Berlin' }));
    await deliver(returnedEvent(off.contact.id));
    await deliver(returnedEvent(de.contact.id, { charges: [], totalMinor: 0, currency: 'EUR' }));
    await m.dispatch.runOnce();
    const rows = await m.deps.repos.deliveries.list({ limit: 50 });
    expect(rows.map((d) => d.userId)).toEqual([de.contact.id, de.contact.id]);
    expect(rows.every((d) => d.template === 'rental_receipt')).toBe(true);
    await m.sender.runOnce();
    const mail = email.sent[0];
    expect(mail?.subject).toBe('Ihre Quittung für Midnight Model Y');
    expect(plain(mail?.text ?? '')).toContain('Keine Gebühren');
    expect(plain(mail?.text ?? '')).toContain('Messwerte bei Abholung: Kilometerstand 10.000 km');
  });
});
