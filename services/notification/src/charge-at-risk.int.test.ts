import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope, PickupChargeAtRiskV1 } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import {
  confirmedEvent,
  eventOf,
  type NotificationBed,
  notificationBed,
  plain,
  preferencesWith,
} from '../testing/fakes';
import { notificationTestDatabase } from '../testing/database';

const HOUR_MS = 3_600_000;
const TABLES = ['delivery', 'outgoing', 'reminder', 'alert', 'reservation', 'vehicle_status'] as const;

// inventory.vehicle.pickup_charge_at_risk (the ready-at-pickup worker's projection misses the target)
// reaches every operator: one alert per reservation in their alerts list, by SMS and e-mail as
// their switches say, in their language; a replay adds nothing; a cancelled booking raises nothing.
describe.each(TEST_ENGINES)('charge-at-risk alerts on %s (account client faked)', (engine) => {
  const testDb = notificationTestDatabase(engine, TABLES);
  let { directory, clock, sms, email, m } = {} as NotificationBed;
  beforeEach(() => {
    ({ directory, clock, sms, email, m } = notificationBed(testDb.db.kysely, '2026-12-01T15:00:00Z'));
  });

  const deliver = (event: EventEnvelope<unknown>) =>
    testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
  const deliveries = async () =>
    (await m.deps.repos.deliveries.list({ limit: 500 })).filter((d) => d.template === 'alert_charge_at_risk');
  const count = async (table: (typeof TABLES)[number]) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`notification.${table}`)}`.execute(
        testDb.db.kysely,
      )
    ).rows[0]?.n;
  const atRisk = (o: Partial<PickupChargeAtRiskV1> & { vehicleId: string; pickupAt: string }) =>
    eventOf<PickupChargeAtRiskV1>('inventory.vehicle.pickup_charge_at_risk', o.vehicleId, {
      vin: '5YJ3E1EA7KF000001',
      name: 'Midnight Model Y',
      reservationId: null,
      batteryLevel: 40,
      projectedPercent: 52.4,
      targetPercent: 80,
      pluggedIn: false,
      at: clock.at.toISOString(),
      ...o,
    });

  it('alerts every operator once per reservation, with the projection, and lists it', async () => {
    const customer = directory.add('customer');
    const first = directory.add('operator');
    const second = directory.add('operator', { email: null });
    const vehicleId = randomUUID();
    const booked = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 6 * HOUR_MS), {
      vehicleId,
    });
    await deliver(booked);
    const event = atRisk({
      vehicleId,
      reservationId: booked.data.reservationId,
      pickupAt: booked.data.from,
    });
    await deliver(event);
    // The same event again (redelivery), and the same fact under another id: still one alert.
    await deliver(event);
    await deliver({ ...event, id: randomUUID() });
    const alerts = await m.deps.repos.alerts.list({ limit: 10 });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      reason: 'charge_at_risk',
      reservationId: booked.data.reservationId,
      vehicleId,
      batteryLevel: 40,
      startsAt: new Date(booked.data.from),
      endsAt: new Date(booked.data.to),
    });
    expect((await m.deps.repos.alerts.list({ reason: 'charge_at_risk', limit: 10 })).length).toBe(1);

    await m.dispatch.runOnce();
    const queued = await deliveries();
    expect(queued.map((d) => d.recipient).sort()).toEqual(
      [first.contact.email, first.contact.phone, second.contact.phone].sort(),
    );
    // The renter's confirmation (SMS and e-mail) and the operators' three alerts.
    expect(await m.sender.runOnce()).toMatchObject({ sent: 5, failed: 0 });
    expect(plain(sms.sent.find((s) => s.to === first.contact.phone)?.body ?? '')).toBe(
      'Alert: Midnight Model Y (now 40%, not plugged in) will have about 52% at its pickup Tue, Dec 1, 3:00 PM CST, below the 80% target. Plug it in or swap cars.',
    );
    expect(email.sent.find((e) => e.to === first.contact.email)?.subject).toBe(
      'Not ready at pickup: Midnight Model Y will have 52%, not 80%',
    );
  });

  it('writes in the operator’s language', async () => {
    directory.add('operator', {}, preferencesWith({ language: 'de', timeZone: 'Europe/Berlin' }));
    const vehicleId = randomUUID();
    await deliver(
      atRisk({
        vehicleId,
        reservationId: randomUUID(),
        pickupAt: new Date(clock.at.getTime() + 5 * HOUR_MS).toISOString(),
        pluggedIn: true,
        projectedPercent: 71,
      }),
    );
    await m.dispatch.runOnce();
    await m.sender.runOnce();
    const body = plain(sms.sent[0]?.body ?? '');
    expect(body).toMatch(/^Warnung: Midnight Model Y \(jetzt 40\s?%, angesteckt\) hat bei der Abholung/);
    expect(body).toContain('71');
  });

  it('raises nothing for a booking since cancelled', async () => {
    const customer = directory.add('customer');
    directory.add('operator');
    const vehicleId = randomUUID();
    const booked = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 6 * HOUR_MS), {
      vehicleId,
    });
    await deliver(booked);
    const { termsVersion: _terms, freeCancellationUntil: _until, ...facts } = booked.data;
    await deliver(
      eventOf('reservation.reservation.cancelled', booked.key, {
        ...facts,
        cancelledBy: 'customer',
        reason: null,
        wasConfirmed: true,
      }),
    );
    await deliver(
      atRisk({ vehicleId, reservationId: booked.data.reservationId, pickupAt: booked.data.from }),
    );
    expect(await count('alert')).toBe(0);
    await m.dispatch.runOnce();
    expect(await deliveries()).toHaveLength(0);
  });

  it('refuses a payload that breaks the contract and writes nothing', async () => {
    directory.add('operator');
    const { targetPercent: _target, ...broken } = atRisk({
      vehicleId: randomUUID(),
      reservationId: randomUUID(),
      pickupAt: clock.at.toISOString(),
    }).data;
    await expect(
      deliver(eventOf('inventory.vehicle.pickup_charge_at_risk', randomUUID(), broken)),
    ).rejects.toThrow(/targetPercent/);
    expect(await count('alert')).toBe(0);
    expect(await count('outgoing')).toBe(0);
  });
});
