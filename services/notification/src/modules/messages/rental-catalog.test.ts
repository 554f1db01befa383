import { describe, expect, it } from 'vitest';
import { render, SMS_MAX } from './render';
import { fillSecrets, formatSecretRef, LINK_MARK, parseSecretRef } from './sms-secrets';

const data = {
  reservationId: '0b6a3c1e-8f7d-4a53-9a43-2f3e7f1c0a11',
  vehicleName: 'Model Y <Blue>',
  from: '2026-12-04T09:00:00Z',
  to: '2026-12-06T09:00:00Z',
  timeZone: 'America/Chicago',
  reason: 'Model Y <Blue> left its geofence at 31.0000, -97.7400.',
};

describe('car access messages', () => {
  it("puts the share link's mark in the renter's SMS only: the e-mail points to the reservation page", () => {
    for (const language of ['en', 'es', 'fr', 'de'] as const) {
      const r = render({
        template: 'rental_access',
        data,
        language,
        timeZone: 'America/Chicago',
        recipientName: 'Ana',
        publicUrl: 'https://rent.example.test',
      });
      expect(r.sms).toContain(LINK_MARK);
      expect(r.sms.split(LINK_MARK)).toHaveLength(2);
      expect(r.sms.length).toBeLessThanOrEqual(SMS_MAX);
      expect(r.text).not.toContain(LINK_MARK);
      expect(r.html).not.toContain(LINK_MARK);
      expect(r.text).toContain(`https://rent.example.test/reservations/${data.reservationId}`);
      expect(r.html).not.toContain('<Blue>');
      const filled = fillSecrets(r.sms, { link: 'https://www.tesla.com/_rs/1/abc' });
      expect(filled).toContain('https://www.tesla.com/_rs/1/abc');
    }
  });

  it('writes the operator alerts in every language with the detail', () => {
    for (const language of ['en', 'es', 'fr', 'de'] as const)
      for (const template of ['alert_driver_limit', 'alert_geofence_exit'] as const) {
        const r = render({ template, data, language, timeZone: 'UTC', recipientName: 'Op' });
        expect(r.subject).toContain('Model Y <Blue>');
        expect(r.text).toContain('left its geofence');
        expect(r.sms.length).toBeLessThanOrEqual(SMS_MAX);
      }
  });

  it('references the key by its reservation, never by the link', () => {
    const ref = formatSecretRef({ kind: 'rental_access', reservationId: data.reservationId });
    expect(ref).toBe(`rental_access:${data.reservationId}`);
    expect(parseSecretRef(ref)).toEqual({ kind: 'rental_access', reservationId: data.reservationId });
    // With the car it names (a booking moved since must not send the new car's link under it).
    const vehicleId = '0f7c2a4e-4d1b-4c55-9a51-2f0c4f4d9b10';
    const named = formatSecretRef({ kind: 'rental_access', reservationId: data.reservationId, vehicleId });
    expect(named).toBe(`rental_access:${data.reservationId}:${vehicleId}`);
    expect(parseSecretRef(named)).toEqual({
      kind: 'rental_access',
      reservationId: data.reservationId,
      vehicleId,
    });
  });
});
