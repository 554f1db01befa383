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
