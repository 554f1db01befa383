import { describe, expect, it } from 'vitest';
import { plain } from '../../../testing/fakes';
import { releaseTime } from './quiet-hours';
import { render, SMS_MAX } from './render';

const data = {
  reservationId: '0b6a3c1e-8f7d-4a53-9a43-2f3e7f1c0a11',
  vehicleName: 'Cyber <Truck>',
  from: '2026-12-04T09:00:00Z',
  to: '2026-12-06T09:00:00Z',
  timeZone: 'America/Chicago',
  totalDueMinor: 123_450,
  currency: 'EUR',
  freeCancellationUntil: '2026-12-03T09:00:00Z',
};

describe('rendering', () => {
  it('writes every template in every language, SMS under 320 characters, HTML escaped', () => {
    const templates = [
      'reservation_confirmed',
      'reservation_cancelled',
      'reservation_expired',
      'reminder_24h',
      'reminder_1h',
      'welcome',
      'alert_low_charge',
      'alert_offline',
      'alert_telemetry_lost',
    ] as const;
    for (const language of ['en', 'es', 'fr', 'de'] as const)
      for (const template of templates) {
        const r = render({
          template,
          data: {
            ...data,
            batteryLevel: 31,
            cancelledBy: 'operator',
            reason: 'Vehicle <recalled> & serviced',
          },
          language,
          timeZone: 'Europe/Paris',
          recipientName: 'Zoë <script>',
          publicUrl: 'https://rent.example.com',
        });
        expect(r.sms.length, `${language} ${template}`).toBeLessThan(SMS_MAX);
        expect(r.subject.length).toBeGreaterThan(5);
        expect(r.html).not.toContain('<script>');
        expect(r.html).not.toContain('Cyber <Truck>');
        expect(r.html).toContain(`<html lang="${language}">`);
        expect(r.text).toContain('https://rent.example.com/');
      }
  });

  it('formats dates in the reader’s zone and money in their language', () => {
    const fr = render({
      template: 'reservation_cancelled',
      data: { ...data, cancelledBy: 'operator', reason: null },
      language: 'fr',
      timeZone: 'America/Montreal',
      recipientName: 'Chloé',
    });
    expect(plain(fr.sms)).toBe(
      'cybertacotruck : votre réservation de Cyber <Truck> du ven. 4 déc., 04:00 UTC−5 a été annulée par notre équipe.',
    );
    const de = render({
      template: 'alert_low_charge',
      data: { ...data, batteryLevel: 31 },
      language: 'de',
      timeZone: 'Europe/Berlin',
      recipientName: 'Op',
    });
    expect(plain(de.sms)).toBe(
      'Warnung: Cyber <Truck> hat 31 % Ladung, Abholung am Fr., 4. Dez., 10:00 MEZ. Bitte vorher laden.',
    );
    expect(plain(de.html)).toContain('Cyber &lt;Truck&gt; hat 31 % Ladung');
  });
});

describe('where to collect the car', () => {
  const pickupLocation = {
    id: '5f0c1f8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
    name: 'Airport <lot> B',
    address: {
      lines: ['3600 Presidential Blvd', 'Rental car center, level 2'],
      city: 'Austin',
      region: 'TX',
      postalCode: '78719',
      country: 'US',
    },
    coordinates: { lat: 30.1975, lng: -97.6664 },
    timeZone: 'America/Chicago',
    openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    instructions: 'Row B, bays 40-44 & the key is your phone.',
    phone: '+15125550142',
  };
  const link = 'https://www.google.com/maps/dir/?api=1&destination=30.1975,-97.6664';
  const address = 'Airport <lot> B, 3600 Presidential Blvd, Rental car center, level 2, Austin, TX 78719, US';

  it('puts the address and the directions link in the confirmation SMS and e-mail, in every language', () => {
    for (const language of ['en', 'es', 'fr', 'de'] as const)
      for (const template of ['reservation_confirmed', 'reminder_24h', 'reminder_1h'] as const) {
        const r = render({
          template,
          data: { ...data, pickupLocation },
          language,
          timeZone: 'America/Chicago',
          recipientName: 'Zoë',
          publicUrl: 'https://rent.example.com',
        });
        const label = `${language} ${template}`;
        expect(r.sms.length, label).toBeLessThanOrEqual(SMS_MAX);
        expect(r.sms, label).toContain('Airport <lot> B, 3600 Presidential Blvd, Austin.');
        expect(r.sms.endsWith(` ${link}`), label).toBe(true);
        expect(r.text, label).toContain(address);
        expect(r.text, label).toContain(link);
        expect(r.text, label).toContain(pickupLocation.instructions);
        expect(r.text, label).toContain('+15125550142');
        expect(r.html, label).toContain(`href="${link.replace('&', '&amp;')}"`);
        expect(r.html, label).toContain('Airport &lt;lot&gt; B');
        expect(r.html, label).not.toContain('<lot>');
      }
  });

  it('keeps the place and the link whole when the SMS would be too long', () => {
    const long = {
      ...pickupLocation,
      address: { ...pickupLocation.address, lines: ['x'.repeat(120), 'y'.repeat(120)] },
    };
    const r = render({
      template: 'reservation_confirmed',
      data: { ...data, pickupLocation: long },
      language: 'en',
      timeZone: 'UTC',
      recipientName: 'Zoë',
    });
    expect(r.sms.length).toBeLessThanOrEqual(SMS_MAX);
    // The message gives way first; the place and the link stay whole.
    expect(r.sms).toMatch(
      /^cybertacotruck: Cyber <Truck> is booked .*… Pick-up at: Airport <lot> B, x{120}, Austin\. /,
    );
    expect(r.sms.endsWith(`Austin. ${link}`)).toBe(true);
  });

  it('leaves messages without a location, and those that are not about collecting, as they were', () => {
    const cancelled = render({
      template: 'reservation_cancelled',
      data: { ...data, pickupLocation, cancelledBy: 'customer' },
      language: 'en',
      timeZone: 'UTC',
      recipientName: 'Zoë',
    });
    expect(cancelled.sms).not.toContain('google.com');
    const without = render({
      template: 'reservation_confirmed',
      data,
      language: 'en',
      timeZone: 'UTC',
      recipientName: 'Zoë',
    });
    expect(without.text).not.toContain('Pick-up at');
  });
});

describe('quiet hours', () => {
  const quiet = { start: '22:00', end: '07:00' };
  it('hold until the end of a window that crosses midnight, on either side of it', () => {
    // 23:30 in Paris on Dec 1 → 07:00 on Dec 2; 05:00 on Dec 1 → 07:00 the same day.
    expect(releaseTime(new Date('2026-12-01T22:30:00Z'), quiet, 'Europe/Paris').toISOString()).toBe(
      '2026-12-02T06:00:00.000Z',
    );
    expect(releaseTime(new Date('2026-12-01T04:00:00Z'), quiet, 'Europe/Paris').toISOString()).toBe(
      '2026-12-01T06:00:00.000Z',
    );
    const noon = new Date('2026-12-01T11:00:00Z');
    expect(releaseTime(noon, quiet, 'Europe/Paris')).toEqual(noon);
    expect(releaseTime(noon, null, 'Europe/Paris')).toEqual(noon);
  });

  it('end at the local time across a daylight-saving change (and after a skipped hour)', () => {
    // Night of Mar 28 → 29, 2026 in Paris: 02:00 becomes 03:00. 07:00 CEST is 05:00Z.
    expect(releaseTime(new Date('2026-03-28T23:00:00Z'), quiet, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    // A window ending at 02:30, which does not exist that night, ends at 03:30 CEST.
    expect(
      releaseTime(
        new Date('2026-03-29T00:30:00Z'),
        { start: '01:00', end: '02:30' },
        'Europe/Paris',
      ).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
    // A same-day window 13:00–15:00 in Chicago.
    expect(
      releaseTime(
        new Date('2026-12-01T19:30:00Z'),
        { start: '13:00', end: '15:00' },
        'America/Chicago',
      ).toISOString(),
    ).toBe('2026-12-01T21:00:00.000Z');
  });
});
