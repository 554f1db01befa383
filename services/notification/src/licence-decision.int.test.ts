import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DriverVerificationDecidedV1 } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { eventOf, type NotificationBed, notificationBed, plain, preferencesWith } from '../testing/fakes';
import { notificationTestDatabase } from '../testing/database';

// account.driver_verification.decided → the renter is told, in their language, through their channels.
describe.each(TEST_ENGINES)('licence decisions reach the renter on %s', (engine) => {
  const testDb = notificationTestDatabase(engine, ['delivery', 'outgoing']);
  let { directory, clock, sms, email, m } = {} as NotificationBed;
  beforeEach(() => {
    ({ directory, clock, sms, email, m } = notificationBed(testDb.db.kysely, '2026-12-01T15:00:00Z'));
  });
  const deliver = (data: DriverVerificationDecidedV1) => {
    const event = eventOf('account.driver_verification.decided', data.userId, data);
    return testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
  };
  const decided = (userId: string, reason: string | null): DriverVerificationDecidedV1 => ({
    userId,
    decision: reason === null ? 'approved' : 'rejected',
    reason,
    decidedBy: randomUUID(),
    at: clock.at.toISOString(),
  });

  it('approved: an SMS and an e-mail saying the renter can now confirm', async () => {
    const renter = directory.add('customer');
    await deliver(decided(renter.contact.id, null));
    await m.dispatch.runOnce();
    expect(await m.sender.runOnce()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(plain(sms.sent[0]?.body ?? '')).toBe(
      'cybertacotruck: your driver’s licence is approved. You can now confirm your reservations.',
    );
    expect(email.sent[0]?.subject).toBe('Your driver’s licence is approved');
  });

  it('rejected: the reason, in the renter’s language', async () => {
    const renter = directory.add('customer', {}, preferencesWith({ language: 'es' }));
    await deliver(decided(renter.contact.id, 'La foto del reverso está cortada.'));
    await m.dispatch.runOnce();
    await m.sender.runOnce();
    expect(plain(sms.sent[0]?.body ?? '')).toBe(
      'cybertacotruck: tu permiso de conducir no ha sido aprobado. Motivo: La foto del reverso está cortada. Envíalo de nuevo desde tu cuenta.',
    );
    expect(email.sent[0]?.subject).toBe('Tu permiso de conducir no ha sido aprobado');
    const rows = await m.deps.repos.deliveries.list({ limit: 10 });
    expect(rows.map((d) => d.template)).toEqual(['licence_rejected', 'licence_rejected']);
  });
});
