import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AccountEvents,
  type CustomerInvitedV1,
  type InvitationResentV1,
  type PasswordResetRequestedV1,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { eventOf, notificationBed, type NotificationBed, preferencesWith } from '../../../testing/fakes';
import { notificationTestDatabase } from '../../../testing/database';

const LINK = 'https://rent.example.com/register?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const CODE = '480213';
const TABLES = ['delivery', 'outgoing'] as const;

describe.each(TEST_ENGINES)('invitation and password-reset SMS on %s (account client faked)', (engine) => {
  const testDb = notificationTestDatabase(engine, TABLES);
  let { directory, clock, sms, email, m } = {} as NotificationBed;
  beforeEach(async () => {
    ({ directory, clock, sms, email, m } = notificationBed(testDb.db.kysely, '2026-12-01T03:00:00Z'));
  });

  const deliver = async (event: ReturnType<typeof eventOf>) => {
    await testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
    await m.dispatch.runOnce();
  };
  const deliveries = () => m.deps.repos.deliveries.list({ limit: 500 });
  const invited = (invitationId: string, overrides: Partial<CustomerInvitedV1> = {}) => {
    const event = eventOf<CustomerInvitedV1>(AccountEvents.customerInvited.type, invitationId, {
      invitationId,
      phone: '+34612345678',
      name: 'Lola',
      invitedBy: randomUUID(),
      expiresAt: new Date(clock.at.getTime() + 48 * 3_600_000).toISOString(),
      language: 'es',
      issue: 1,
      ...overrides,
    });
    return { ...event, occurredAt: clock.at.toISOString() };
  };
  /** Every text column of the notification tables: where a link or code must never be. */
  const everything = async () =>
    JSON.stringify(
      (
        await sql`select (select json_agg(d) from notification.delivery d) as d,
          (select json_agg(o) from notification.outgoing o) as o`.execute(testDb.db.kysely)
      ).rows,
    );

  it('sends an invitation in the operator’s language at once, fetching the link only to send it', async () => {
    const id = randomUUID();
    directory.invitationLinks.set(`${id}:1`, { state: 'pending', link: LINK, code: CODE });
    await deliver(invited(id));

    const [delivery, ...others] = await deliveries();
    expect(others).toEqual([]);
    // To the phone (no account, no user), by SMS only, urgent: 03:00 UTC, no quiet hours apply.
    expect(delivery).toMatchObject({
      channel: 'sms',
      recipient: '+34612345678',
      userId: null,
      template: 'invitation',
      language: 'es',
      status: 'queued',
      notBefore: clock.at,
      secretRef: `invitation:${id}:1`,
    });
    // The log holds the text with marks where the link and code go.
    expect(delivery?.body).toBe(
      '¡Hola, Lola! Te invitamos a alquilar un Tesla con cybertacotruck. Regístrate en ‹link› con el código ‹code›. El enlace caduca en 48 horas.',
    );

    expect(await m.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sms.sent).toEqual([
      {
        to: '+34612345678',
        body: `¡Hola, Lola! Te invitamos a alquilar un Tesla con cybertacotruck. Regístrate en ${LINK} con el código ${CODE}. El enlace caduca en 48 horas.`,
      },
    ]);
    expect(email.sent).toEqual([]);
    expect((await deliveries())[0]?.status).toBe('sent');
    const stored = await everything();
    expect(stored).toContain('invitation');
    expect(stored).not.toContain(LINK);
    expect(stored).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz');
    expect(stored).not.toContain(CODE);
  });

  it('does not send an expired or replaced invitation: the delivery ends as not sent, once', async () => {
    const expired = randomUUID();
    const replaced = randomUUID();
    directory.invitationLinks.set(`${expired}:1`, { state: 'expired', link: null, code: null });
    directory.invitationLinks.set(`${replaced}:1`, { state: 'superseded', link: null, code: null });
    await deliver(invited(expired, { phone: '+12025550101' }));
    await deliver(invited(replaced, { phone: '+12025550102' }));

    expect(await m.sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sms.sent).toEqual([]);
    const rows = await deliveries();
    expect(rows.map((d) => [d.recipient, d.status, d.lastError]).sort()).toEqual([
      ['+12025550101', 'skipped', 'not sent: the invitation expired'],
      ['+12025550102', 'skipped', 'not sent: revoked, a newer link replaced this one'],
    ]);
    // A final state: nothing is claimed again.
    clock.at = new Date(clock.at.getTime() + 3_600_000);
    expect(await m.sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(directory.calls).toBe(2);
  });

  it('a resend is a new event: a new delivery with the new link', async () => {
    const id = randomUUID();
    directory.invitationLinks.set(`${id}:1`, { state: 'pending', link: `${LINK}1`, code: '111111' });
    await deliver(invited(id, { language: 'en' }));
    await m.sender.runOnce();

    // The operator resends: account now answers for issue 2 only.
    directory.invitationLinks.set(`${id}:1`, { state: 'superseded', link: null, code: null });
    directory.invitationLinks.set(`${id}:2`, { state: 'pending', link: `${LINK}2`, code: '222222' });
    const resent = eventOf<InvitationResentV1>(AccountEvents.invitationResent.type, id, {
      invitationId: id,
      phone: '+34612345678',
      name: null,
      resentBy: randomUUID(),
      expiresAt: new Date(clock.at.getTime() + 48 * 3_600_000).toISOString(),
      language: 'en',
      issue: 2,
    });
    await deliver({ ...resent, occurredAt: clock.at.toISOString() });
    // The same event again (redelivered by the bus) adds nothing.
    await deliver({ ...resent, occurredAt: clock.at.toISOString() });
    await m.sender.runOnce();

    expect(sms.sent.map((s) => s.body)).toEqual([
      `Hi Lola! You're invited to rent a Tesla with cybertacotruck. Register at ${LINK}1 with code 111111. The link expires in 48 hours.`,
      `You're invited to rent a Tesla with cybertacotruck. Register at ${LINK}2 with code 222222. The link expires in 48 hours.`,
    ]);
    expect((await deliveries()).map((d) => [d.secretRef, d.status])).toEqual(
      expect.arrayContaining([
        [`invitation:${id}:1`, 'sent'],
        [`invitation:${id}:2`, 'sent'],
      ]),
    );
  });

  it('sends a reset code in the user’s language whatever their switches and quiet hours; retries while account is away', async () => {
    const user = directory.add(
      'customer',
      { phone: '+33612345678' },
      preferencesWith({
        language: 'fr',
        timeZone: 'Europe/Paris',
        quietHours: { start: '00:00', end: '08:00' },
        channels: {
          reservation: { sms: true, email: true },
          reminder: { sms: true, email: true },
          account: { sms: false, email: true },
          marketing: { sms: false, email: false },
        },
      }),
    );
    const resetId = randomUUID();
    const event = eventOf<PasswordResetRequestedV1>(
      AccountEvents.passwordResetRequested.type,
      user.contact.id,
      {
        resetId,
        userId: user.contact.id,
        expiresAt: new Date(clock.at.getTime() + 15 * 60_000).toISOString(),
      },
    );
    await deliver({ ...event, occurredAt: clock.at.toISOString() });
    const [delivery, ...others] = await deliveries();
    expect(others).toEqual([]);
    expect(delivery).toMatchObject({
      channel: 'sms',
      recipient: '+33612345678',
      userId: user.contact.id,
      language: 'fr',
      status: 'queued',
      body: 'Votre code cybertacotruck de réinitialisation du mot de passe est ‹code›. Il expire dans 15 minutes. Si vous ne l’avez pas demandé, ignorez ce message.',
    });

    // Account does not answer: an attempt failed, retried later (the code is not guessed or skipped).
    directory.down = true;
    expect(await m.sender.runOnce()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect((await deliveries())[0]?.lastError).toMatch(/503|unavailable/i);
    directory.down = false;
    directory.resetCodes.set(resetId, { state: 'pending', code: CODE });
    clock.at = new Date(clock.at.getTime() + 60_000);
    expect(await m.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sms.sent[0]?.body).toContain(`est ${CODE}.`);
    expect(await everything()).not.toContain(CODE);
  });
});
