import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  EventEnvelope,
  ReservationCancelledV1,
  ReservationMovedV1,
  VehicleStatusChangedV1,
} from '@cybertacotruck/contracts';
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

describe.each(TEST_ENGINES)('notifications on %s (account client faked)', (engine) => {
  const testDb = notificationTestDatabase(engine, TABLES);
  let { directory, clock, sms, email, m } = {} as NotificationBed;
  beforeEach(async () => {
    ({ directory, clock, sms, email, m } = notificationBed(testDb.db.kysely, '2026-12-01T15:00:00Z'));
  });

  /** What the bus does: the handler inside one transaction. */
  const deliver = (event: EventEnvelope<unknown>) =>
    testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
  const deliveries = () => m.deps.repos.deliveries.list({ limit: 500 });
  const count = async (table: (typeof TABLES)[number]) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`notification.${table}`)}`.execute(
        testDb.db.kysely,
      )
    ).rows[0]?.n;

  it('confirmed: one SMS and one e-mail per the preferences; the same event again adds nothing', async () => {
    const customer = directory.add('customer');
    const event = confirmedEvent(customer.contact.id, new Date('2026-12-04T16:00:00Z'));
    await deliver(event);
    await m.dispatch.runOnce();
    let rows = await deliveries();
    expect(rows.map((d) => [d.channel, d.recipient, d.status, d.template]).sort()).toEqual([
      ['email', customer.contact.email, 'queued', 'reservation_confirmed'],
      ['sms', customer.contact.phone, 'queued', 'reservation_confirmed'],
    ]);
    expect(rows.every((d) => d.eventId === event.id)).toBe(true);

    // Redelivered (e.g. the inbox row was lost, or a dead letter replayed): no second effect.
    await deliver(event);
    await m.dispatch.runOnce();
    rows = await deliveries();
    expect(rows).toHaveLength(2);
    expect(await count('outgoing')).toBe(1);
    expect(await count('reminder')).toBe(2);

    const report = await m.sender.runOnce();
    expect(report).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(sms.sent).toHaveLength(1);
    expect(plain(sms.sent[0]?.body ?? '')).toBe(
      'cybertacotruck: Midnight Model Y is booked from Fri, Dec 4, 10:00 AM CST to Sun, Dec 6, 10:00 AM CST. Total $259.00. Free cancellation until Thu, Dec 3, 10:00 AM CST.',
    );
    expect(email.sent[0]?.subject).toBe('Your Midnight Model Y is booked');
    rows = await deliveries();
    expect(rows.map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(rows.find((d) => d.channel === 'sms')?.providerMessageId).toBe('SM1');
    // Nothing is sent twice.
    expect(await m.sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('confirmed with a pickup location: the SMS and the e-mail carry the address and the directions link', async () => {
    const customer = directory.add('customer');
    const pickupLocation = {
      id: randomUUID(),
      name: 'Downtown garage',
      address: {
        lines: ['501 Congress Ave'],
        city: 'Austin',
        region: 'TX',
        postalCode: '78701',
        country: 'US',
      },
      coordinates: { lat: 30.2672, lng: -97.7431 },
      timeZone: 'America/Chicago',
      openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      instructions: 'Level P2, bays 12-14.',
      phone: '+15125550100',
    };
    const link = 'https://www.google.com/maps/dir/?api=1&destination=30.2672,-97.7431';
    await deliver(confirmedEvent(customer.contact.id, new Date('2026-12-04T16:00:00Z'), { pickupLocation }));
    await m.dispatch.runOnce();
    expect(await m.sender.runOnce()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    const body = plain(sms.sent[0]?.body ?? '');
    expect(body).toContain('Pick-up at: Downtown garage, 501 Congress Ave, Austin.');
    expect(body.endsWith(link)).toBe(true);
    const mail = email.sent[0];
    expect(mail?.text).toContain('Pick-up at: Downtown garage, 501 Congress Ave, Austin, TX 78701, US.');
    expect(mail?.text).toContain(`Directions: ${link}`);
    expect(mail?.text).toContain('Level P2, bays 12-14.');
    expect(mail?.html).toContain(`href="${link.replace('&', '&amp;')}"`);
  });

  it('channels switched off get no delivery; no e-mail address, no e-mail', async () => {
    const off = directory.add(
      'customer',
      {},
      preferencesWith({
        channels: {
          reservation: { sms: false, email: false },
          reminder: { sms: false, email: false },
          account: { sms: true, email: true },
          marketing: { sms: false, email: false },
        },
      }),
    );
    const noEmail = directory.add('customer', { email: null });
    await deliver(confirmedEvent(off.contact.id, new Date('2026-12-04T16:00:00Z')));
    await deliver(confirmedEvent(noEmail.contact.id, new Date('2026-12-05T16:00:00Z')));
    expect(await m.dispatch.runOnce()).toBe(2);
    const rows = await deliveries();
    expect(rows.map((d) => [d.userId, d.channel])).toEqual([[noEmail.contact.id, 'sms']]);
  });

  it('renders in Spanish, French and German in the reader’s time zone', async () => {
    const pickup = new Date('2026-12-04T09:00:00Z');
    const [es, fr, de] = [
      directory.add('customer', {}, preferencesWith({ language: 'es', timeZone: 'Europe/Madrid' })),
      directory.add('customer', {}, preferencesWith({ language: 'fr', timeZone: 'Europe/Paris' })),
      directory.add('customer', {}, preferencesWith({ language: 'de', timeZone: 'Asia/Tokyo' })),
    ];
    const readers = [es, fr, de];
    for (const reader of readers)
      await deliver(confirmedEvent(reader.contact.id, pickup, { currency: 'EUR', totalDueMinor: 123_450 }));
    await m.dispatch.runOnce();
    const smsOf = async (userId: string) =>
      plain((await deliveries()).find((d) => d.userId === userId && d.channel === 'sms')?.body ?? '');
    expect(await smsOf(es.contact.id)).toBe(
      'cybertacotruck: Midnight Model Y reservado del vie, 4 dic, 10:00 CET al dom, 6 dic, 10:00 CET. Total 1234,50 €. Cancelación gratuita hasta el jue, 3 dic, 10:00 CET.',
    );
    expect(await smsOf(fr.contact.id)).toContain('réservé du ven. 4 déc., 10:00 UTC+1');
    expect(await smsOf(fr.contact.id)).toContain('Total 1 234,50 €');
    // 09:00 UTC is 18:00 in Tokyo.
    expect(await smsOf(de.contact.id)).toContain('ist gebucht von Fr., 4. Dez., 18:00 GMT+9');
    expect(await smsOf(de.contact.id)).toContain('Gesamt 1.234,50 €');
    const german = (await deliveries()).find((d) => d.userId === de.contact.id && d.channel === 'email');
    expect(german?.subject).toBe('Ihr Midnight Model Y ist gebucht');
    expect(german?.html).toContain('<html lang="de">');
  });

  it('holds a reminder in quiet hours (across midnight) until they end, and sends it then', async () => {
    // Quiet 22:00–07:00 in Chicago (UTC-6 in December). Pickup Dec 4 at 05:30 local = 11:30Z;
    // the 24 h reminder is due Dec 3 05:30 local, inside the quiet hours → held until 07:00 local.
    const customer = directory.add(
      'customer',
      {},
      preferencesWith({ quietHours: { start: '22:00', end: '07:00' } }),
    );
    const pickup = new Date('2026-12-04T11:30:00Z');
    // The confirmation itself is urgent: it goes now, quiet hours or not.
    clock.at = new Date('2026-12-02T05:00:00Z'); // 23:00 local
    await deliver(confirmedEvent(customer.contact.id, pickup));
    await m.dispatch.runOnce();
    expect((await deliveries()).map((d) => d.status)).toEqual(['queued', 'queued']);

    clock.at = new Date('2026-12-03T11:30:00Z'); // 05:30 local: the 24 h reminder is due
    expect(await m.schedule.fireDueReminders()).toBe(1);
    await m.dispatch.runOnce();
    const reminders = (await deliveries()).filter((d) => d.template === 'reminder_24h');
    expect(reminders).toHaveLength(2);
    for (const reminder of reminders) {
      expect(reminder.status).toBe('held');
      expect(reminder.notBefore.toISOString()).toBe('2026-12-03T13:00:00.000Z'); // 07:00 local
    }
    await m.sender.runOnce();
    expect(sms.sent.some((s) => s.body.includes('reminder'))).toBe(false);

    clock.at = new Date('2026-12-03T13:00:00Z');
    await m.sender.runOnce();
    expect(plain(sms.sent.find((s) => s.body.includes('reminder'))?.body ?? '')).toBe(
      'cybertacotruck reminder: you pick up Midnight Model Y Fri, Dec 4, 5:30 AM CST. Return by Sun, Dec 6, 5:30 AM CST.',
    );

    // The 1 h reminder (04:30 local) would be held until 07:00, after the pickup: skipped, with why.
    clock.at = new Date('2026-12-04T10:30:00Z');
    expect(await m.schedule.fireDueReminders()).toBe(1);
    await m.dispatch.runOnce();
    const late = (await deliveries()).filter((d) => d.template === 'reminder_1h');
    expect(late.map((d) => d.status)).toEqual(['skipped', 'skipped']);
    expect(late[0]?.lastError).toContain('quiet hours');
  });

  it('reminders: created on confirm (only those still ahead), cancelled on cancel, fired once when due', async () => {
    const customer = directory.add('customer');
    const soon = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 5 * HOUR_MS));
    await deliver(soon);
    expect((await m.deps.repos.reminders.listFor(soon.data.reservationId)).map((r) => r.kind)).toEqual([
      '1h',
    ]);

    const later = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 72 * HOUR_MS));
    await deliver(later);
    const reminders = await m.deps.repos.reminders.listFor(later.data.reservationId);
    expect(reminders.map((r) => [r.kind, r.dueAt.toISOString(), r.status])).toEqual([
      ['24h', new Date(clock.at.getTime() + 48 * HOUR_MS).toISOString(), 'pending'],
      ['1h', new Date(clock.at.getTime() + 71 * HOUR_MS).toISOString(), 'pending'],
    ]);

    const cancelled: EventEnvelope<ReservationCancelledV1> = eventOf(
      'reservation.reservation.cancelled',
      later.key,
      {
        ...later.data,
        cancelledBy: 'customer',
        reason: null,
        wasConfirmed: true,
      },
    );
    await deliver(cancelled);
    expect((await m.deps.repos.reminders.listFor(later.data.reservationId)).map((r) => r.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);

    clock.at = new Date(clock.at.getTime() + 4 * HOUR_MS); // the first reservation's 1 h reminder is due
    expect(await m.schedule.fireDueReminders()).toBe(1);
    expect(await m.schedule.fireDueReminders()).toBe(0);
    clock.at = new Date(clock.at.getTime() + 100 * HOUR_MS); // the cancelled ones never fire
    expect(await m.schedule.fireDueReminders()).toBe(0);
    await m.dispatch.runOnce();
    const templates = (await deliveries()).map((d) => d.template);
    expect(templates.filter((t) => t === 'reminder_1h')).toHaveLength(2);
    expect(templates.filter((t) => t === 'reminder_24h')).toHaveLength(0);
    expect(templates.filter((t) => t === 'reservation_cancelled')).toHaveLength(2);
  });

  it('a moved booking: the renter is told by their channels, once; the reminders follow the new pickup', async () => {
    const customer = directory.add('customer');
    const confirmed = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 30 * HOUR_MS));
    await deliver(confirmed);
    clock.at = new Date(clock.at.getTime() + 7 * HOUR_MS); // the 24 h reminder is due: it fires
    expect(await m.schedule.fireDueReminders()).toBe(1);
    // Moved three days later, to another car of the model.
    const pickup = new Date(confirmed.data.from).getTime() + 72 * HOUR_MS;
    const moved: EventEnvelope<ReservationMovedV1> = eventOf('reservation.reservation.moved', confirmed.key, {
      ...confirmed.data,
      vehicleId: randomUUID(),
      vehicleName: 'Pearl Model Y',
      from: new Date(pickup).toISOString(),
      to: new Date(pickup + 48 * HOUR_MS).toISOString(),
      freeCancellationUntil: new Date(pickup - 24 * HOUR_MS).toISOString(),
      previous: {
        vehicleId: confirmed.data.vehicleId,
        vehicleName: confirmed.data.vehicleName,
        from: confirmed.data.from,
        to: confirmed.data.to,
      },
    });
    await deliver(moved);
    await deliver(moved); // redelivered: no second message
    await m.dispatch.runOnce();
    const told = (await deliveries()).filter((d) => d.template === 'reservation_moved');
    expect(told.map((d) => [d.channel, d.recipient]).sort()).toEqual([
      ['email', customer.contact.email],
      ['sms', customer.contact.phone],
    ]);
    const reminders = await m.deps.repos.reminders.listFor(confirmed.data.reservationId);
    expect(reminders.map((r) => [r.kind, r.dueAt.toISOString(), r.status])).toEqual([
      ['24h', new Date(pickup - 24 * HOUR_MS).toISOString(), 'pending'],
      ['1h', new Date(pickup - HOUR_MS).toISOString(), 'pending'],
    ]);
    // Moved to within the hour: the reminders whose time has passed are dropped, not sent late.
    clock.at = new Date(pickup - 30 * 60_000);
    const again = eventOf('reservation.reservation.moved', confirmed.key, { ...moved.data });
    await deliver(again);
    expect((await m.deps.repos.reminders.listFor(confirmed.data.reservationId)).map((r) => r.status)).toEqual(
      ['cancelled', 'cancelled'],
    );
  });

  it('an account outage delays dispatch and retries; it is not lost', async () => {
    const customer = directory.add('customer');
    await deliver(
      eventOf('account.customer.registered', customer.contact.id, {
        userId: customer.contact.id,
        invitationId: randomUUID(),
        phone: customer.contact.phone,
        email: customer.contact.email ?? '',
        name: 'Ana',
      }),
    );
    directory.down = true;
    expect(await m.dispatch.runOnce()).toBe(0);
    expect(await deliveries()).toHaveLength(0);
    directory.down = false;
    clock.at = new Date(clock.at.getTime() + 60_000);
    expect(await m.dispatch.runOnce()).toBe(1);
    expect((await deliveries()).map((d) => d.template)).toEqual(['welcome', 'welcome']);
  });

  it('a payload that breaks its contract is refused (the bus parks it at once, with the reason)', async () => {
    await expect(
      deliver(eventOf('reservation.reservation.confirmed', 'x', { reservationId: 'nope' })),
    ).rejects.toThrow(/data does not match its declared schema: \/ must have required property 'customerId'/);
    expect(await count('outgoing')).toBe(0);
  });

  const status = (
    vehicleId: string,
    o: Partial<VehicleStatusChangedV1>,
  ): EventEnvelope<VehicleStatusChangedV1> =>
    eventOf('inventory.vehicle.status_changed', vehicleId, {
      vehicleId,
      vin: '7SAYGDEE1PA000001',
      name: 'Midnight Model Y',
      model: 'model_y',
      connectivity: 'online',
      streaming: true,
      batteryLevel: 80,
      rangeMi: 250,
      lastSeenAt: clock.at.toISOString(),
      reasons: ['battery'],
      at: clock.at.toISOString(),
      ...o,
    });

  it('alerts every operator once when a vehicle with a pickup within 24 h is below 50 %', async () => {
    const customer = directory.add('customer');
    const first = directory.add('operator');
    const second = directory.add('operator', { email: null });
    const vehicleId = randomUUID();
    await deliver(status(vehicleId, { batteryLevel: 62 }));
    const booked = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 30 * HOUR_MS), {
      vehicleId,
    });
    await deliver(booked);
    expect(await count('alert')).toBe(0);

    await deliver(
      status(vehicleId, { batteryLevel: 38, at: new Date(clock.at.getTime() + 1000).toISOString() }),
    );
    expect(await count('alert')).toBe(0); // the pickup is 30 h away
    clock.at = new Date(clock.at.getTime() + 7 * HOUR_MS); // now 23 h before the pickup
    expect(await m.schedule.scanLowCharge()).toBe(1);
    expect(await m.schedule.scanLowCharge()).toBe(0);
    await deliver(status(vehicleId, { batteryLevel: 29, at: new Date(clock.at.getTime()).toISOString() }));
    expect(await count('alert')).toBe(1);

    await m.dispatch.runOnce();
    const alerts = (await deliveries()).filter((d) => d.template === 'alert_low_charge');
    expect(alerts.map((d) => d.recipient).sort()).toEqual(
      [first.contact.email, first.contact.phone, second.contact.phone].sort(),
    );
    expect(alerts.every((d) => d.status === 'queued')).toBe(true);
    expect(plain(alerts.find((d) => d.channel === 'sms')?.body ?? '')).toBe(
      'Alert: Midnight Model Y is at 38% with a pickup Wed, Dec 2, 3:00 PM CST. Charge it before then.',
    );
    const [listed] = await m.deps.repos.alerts.list({ limit: 10 });
    expect(listed).toMatchObject({
      reason: 'low_charge',
      reservationId: booked.data.reservationId,
      batteryLevel: 38,
    });
  });

  it('alerts once per reservation × reason when a vehicle on rental goes offline or loses telemetry', async () => {
    const customer = directory.add('customer');
    directory.add('operator');
    const vehicleId = randomUUID();
    const onRental = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() - 2 * HOUR_MS), {
      vehicleId,
    });
    const future = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 96 * HOUR_MS), {
      vehicleId,
    });
    await deliver(onRental);
    await deliver(future);
    const at = (minutes: number) => new Date(clock.at.getTime() + minutes * 60_000).toISOString();
    await deliver(status(vehicleId, { connectivity: 'offline', reasons: ['connectivity'], at: at(1) }));
    await deliver(status(vehicleId, { connectivity: 'online', reasons: ['connectivity'], at: at(2) }));
    await deliver(status(vehicleId, { connectivity: 'offline', reasons: ['connectivity'], at: at(3) }));
    await deliver(status(vehicleId, { streaming: false, reasons: ['telemetry_lost'], at: at(4) }));
    // An older status arriving late changes nothing.
    await deliver(status(vehicleId, { connectivity: 'offline', reasons: ['connectivity'], at: at(0) }));
    const alerts = await m.deps.repos.alerts.list({ limit: 10 });
    expect(alerts.map((a) => [a.reason, a.reservationId]).sort()).toEqual(
      [
        ['offline', onRental.data.reservationId],
        ['telemetry_lost', onRental.data.reservationId],
      ].sort(),
    );
    await m.dispatch.runOnce();
    expect((await deliveries()).filter((d) => d.template.startsWith('alert_'))).toHaveLength(4);
  });

  it('alerts every operator once when a confirmed reservation lost its booking (reservation.reservation.booking_lost)', async () => {
    const customer = directory.add('customer');
    directory.add('operator');
    directory.add('operator');
    const confirmed = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 72 * HOUR_MS));
    await deliver(confirmed);
    const { termsVersion: _terms, freeCancellationUntil: _until, ...facts } = confirmed.data;
    const lost = eventOf('reservation.reservation.booking_lost', confirmed.key, {
      ...facts,
      reason: 'vehicle_taken',
      claimId: randomUUID(),
      detail: 'Booking is not active and the vehicle cannot be booked again.',
    });
    await deliver(lost);
    await deliver(lost);
    await deliver({ ...lost, id: randomUUID() });
    const alerts = await m.deps.repos.alerts.list({ limit: 10 });
    expect(alerts.map((a) => [a.reason, a.reservationId])).toEqual([
      ['booking_lost', confirmed.data.reservationId],
    ]);
    await m.dispatch.runOnce();
    const sent = (await deliveries()).filter((d) => d.template === 'alert_booking_lost');
    // Two operators × (SMS + e-mail), once.
    expect(sent).toHaveLength(4);
  });
});
