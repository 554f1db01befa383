import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AccountEvents,
  type PasswordChangedV1,
  type PhoneChangedV1,
  type PhoneChangeRequestedV1,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { eventOf, notificationBed, type NotificationBed, preferencesWith } from '../../../testing/fakes';
import { notificationTestDatabase } from '../../../testing/database';

const CODE = '730519';
const TABLES = ['delivery', 'outgoing'] as const;

describe.each(TEST_ENGINES)(
  'phone change and password change messages on %s (account client faked)',
  (engine) => {
    const testDb = notificationTestDatabase(engine, TABLES);
    let { directory, clock, sms, email, m } = {} as NotificationBed;
    beforeEach(async () => {
      ({ directory, clock, sms, email, m } = notificationBed(testDb.db.kysely, '2026-12-01T03:00:00Z'));
    });

    const deliver = async (type: string, key: string, data: object) => {
      const event = { ...eventOf(type, key, data), occurredAt: clock.at.toISOString() };
      await testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
      // Delivered twice by the bus: nothing is added the second time.
      await testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
      await m.dispatch.runOnce();
    };
    const deliveries = () => m.deps.repos.deliveries.list({ limit: 500 });
    const everything = async () =>
      JSON.stringify(
        (
          await sql`select (select json_agg(d) from notification.delivery d) as d,
          (select json_agg(o) from notification.outgoing o) as o`.execute(testDb.db.kysely)
        ).rows,
      );
    // SMS switched off for account messages, quiet hours now: neither holds a code someone waits for.
    const quietFrench = preferencesWith({
      language: 'fr',
      timeZone: 'Europe/Paris',
      quietHours: { start: '00:00', end: '08:00' },
      channels: {
        reservation: { sms: true, email: true },
        reminder: { sms: true, email: true },
        account: { sms: false, email: true },
        marketing: { sms: false, email: false },
      },
    });

    it('sends the code to the NEW number by SMS, in the user’s language, fetching it only to send it', async () => {
      const user = directory.add('customer', { phone: '+33612345678' }, quietFrench);
      const changeId = randomUUID();
      await deliver(AccountEvents.phoneChangeRequested.type, user.contact.id, {
        changeId,
        userId: user.contact.id,
        phone: '+33698765432',
        expiresAt: new Date(clock.at.getTime() + 15 * 60_000).toISOString(),
      } satisfies PhoneChangeRequestedV1);
      const [delivery, ...others] = await deliveries();
      expect(others).toEqual([]);
      expect(delivery).toMatchObject({
        channel: 'sms',
        recipient: '+33698765432',
        userId: user.contact.id,
        template: 'phone_change_code',
        language: 'fr',
        status: 'queued',
        secretRef: `phone_change:${changeId}`,
        body: 'Votre code cybertacotruck pour confirmer ce numéro de téléphone est ‹code›. Il expire dans 15 minutes. Si vous ne l’avez pas demandé, ignorez ce message.',
      });

      directory.phoneChangeCodes.set(changeId, { state: 'pending', code: CODE });
      expect(await m.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(sms.sent).toEqual([
        {
          to: '+33698765432',
          body: `Votre code cybertacotruck pour confirmer ce numéro de téléphone est ${CODE}. Il expire dans 15 minutes. Si vous ne l’avez pas demandé, ignorez ce message.`,
        },
      ]);
      expect(email.sent).toEqual([]);
      expect(await everything()).not.toContain(CODE);
    });

    it('does not send a code that was used or replaced: the delivery ends as not sent', async () => {
      const user = directory.add('customer');
      const changeId = randomUUID();
      directory.phoneChangeCodes.set(changeId, { state: 'used', code: null });
      await deliver(AccountEvents.phoneChangeRequested.type, user.contact.id, {
        changeId,
        userId: user.contact.id,
        phone: '+12025550177',
        expiresAt: new Date(clock.at.getTime() + 15 * 60_000).toISOString(),
      } satisfies PhoneChangeRequestedV1);
      expect(await m.sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(sms.sent).toEqual([]);
      expect((await deliveries()).map((d) => [d.recipient, d.status, d.lastError])).toEqual([
        ['+12025550177', 'skipped', 'not sent: the code was used or replaced by a newer one'],
      ]);
    });

    it('tells the PREVIOUS number by SMS that the account moved to a number ending in its last digits', async () => {
      // The directory already answers with the new number, as account does once the change is made.
      const user = directory.add('customer', { phone: '+12025550178' }, preferencesWith({ language: 'es' }));
      await deliver(AccountEvents.phoneChanged.type, user.contact.id, {
        userId: user.contact.id,
        previousPhone: '+12025550101',
        phone: '+12025550178',
        at: clock.at.toISOString(),
      } satisfies PhoneChangedV1);
      expect(await m.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(sms.sent).toEqual([
        {
          to: '+12025550101',
          body: 'cybertacotruck: el número de teléfono de tu cuenta se ha cambiado por uno que termina en 0178; este número ya no recibirá sus mensajes. Si no has sido tú, contáctanos.',
        },
      ]);
      expect(email.sent).toEqual([]);
    });

    it('tells of a changed password at once by the user’s own channels (e-mail only here), despite quiet hours', async () => {
      const user = directory.add(
        'customer',
        { phone: '+33612345679', email: 'zoe@example.com' },
        quietFrench,
      );
      await deliver(AccountEvents.passwordChanged.type, user.contact.id, {
        userId: user.contact.id,
        otherSessionsEnded: 2,
        at: clock.at.toISOString(),
      } satisfies PasswordChangedV1);
      const rows = await deliveries();
      expect(rows.map((d) => [d.channel, d.recipient, d.status, d.template])).toEqual([
        ['email', 'zoe@example.com', 'queued', 'password_changed'],
      ]);
      expect(await m.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(email.sent[0]).toMatchObject({
        to: 'zoe@example.com',
        subject: 'Votre mot de passe a été changé',
      });
      expect(email.sent[0]?.text).toContain('et 2 autre(s) session(s) ont été fermées');
      expect(sms.sent).toEqual([]);

      // With SMS on too, both go; the SMS says the other sessions were signed out.
      const both = directory.add('customer', { phone: '+12025550179' });
      await deliver(AccountEvents.passwordChanged.type, both.contact.id, {
        userId: both.contact.id,
        otherSessionsEnded: 0,
        at: clock.at.toISOString(),
      } satisfies PasswordChangedV1);
      await m.sender.runOnce();
      expect(sms.sent).toEqual([
        {
          to: '+12025550179',
          body: 'cybertacotruck: your password was just changed. If you did not do this, reset it now with "Forgot password?".',
        },
      ]);
    });
  },
);
