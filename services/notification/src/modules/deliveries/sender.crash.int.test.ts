import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { DevInboxSms, TwilioSms, type SmsSender } from '@cybertacotruck/messaging';
import { fakeTwilio } from '@cybertacotruck/messaging/testing';
import { CrashSwitch } from '@cybertacotruck/bus/testing';
import { repositories } from '../../deps';
import { buildNotificationModules, type NotificationModules } from '../../index';
import { notificationMigrations } from '../../migrations';
import { confirmedEvent, FakeAccountDirectory, testDeps, type Clock } from '../../../testing/fakes';
import { notificationTestDatabase } from '../../../testing/database';
import type { EmailSender } from '../channels/channels.port';
import { DevInboxEmail } from '../channels/dev-inbox.senders';

const MINUTE_MS = 60_000;

/**
 * The steps of the pipeline from a handled event to a sent message, and how a crash right after
 * each is injected: a statement (matched on its SQL) or a call (the account lookup, the provider).
 */
const RECORD = /^update "notification"\."delivery" set "status" = \$1, "provider_message_id"/;
const STEPS: Array<{
  step: string;
  after?: RegExp;
  mode?: 'after' | 'at' | 'failOnce';
  call?: 'render' | 'sms' | 'email';
}> = [
  { step: 'claim the message', after: /^with "batch".*update "notification"\."outgoing"/s },
  { step: 'render (the account lookup answered)', call: 'render' },
  { step: 'write the deliveries', after: /^insert into "notification"\."delivery"/ },
  { step: 'mark the message done', after: /^update "notification"\."outgoing" set "status"/ },
  { step: 'claim the deliveries', after: /^with "batch".*update "notification"\."delivery"/s },
  { step: 'the provider took the SMS', call: 'sms' },
  { step: 'the provider took the e-mail', call: 'email' },
  { step: 'record the result', after: RECORD },
  { step: 'the provider took them (the write of the result is lost)', after: RECORD, mode: 'at' },
];

/**
 * The providers are the dev inboxes (packages/messaging), standing in for Twilio and an e-mail
 * provider that can be asked what it took: they live outside the process, on a handle the crash
 * does not touch, and refuse calls from a process that has died.
 */
describe.each(TEST_ENGINES)(
  'a sender that crashes at any step, then resumes, on %s (dev inboxes stand in for the providers)',
  (engine) => {
    const testDb = notificationTestDatabase(engine, [
      'delivery',
      'outgoing',
      'reminder',
      'reservation',
      'dev_message',
    ]);
    let directory: FakeAccountDirectory;
    let clock: Clock;
    beforeEach(async () => {
      directory = new FakeAccountDirectory();
      // Near the real time: the dev inbox stamps messages with the database's clock.
      clock = { at: new Date() };
    });

    const inbox = () => repositories(testDb.db.kysely.withTables()).devInbox;
    const kept = async () =>
      (
        await sql<{
          channel: string;
          to: string;
        }>`select channel, "to" from notification.dev_message`.execute(testDb.db.kysely)
      ).rows;

    /** A process: the modules over `db`, with providers that die with it. */
    const processOver = (
      crash: CrashSwitch | null,
      call?: 'render' | 'sms' | 'email',
    ): NotificationModules => {
      const db = crash ? testDb.db.kysely.withPlugin(crash) : testDb.db.kysely;
      const smsProvider = new DevInboxSms(inbox());
      const emailProvider = new DevInboxEmail(inbox());
      const sms: SmsSender = {
        name: 'dev-inbox',
        sendSms: async (to, body) => {
          crash?.check();
          const sent = await smsProvider.sendSms(to, body);
          if (call === 'sms') crash?.now('the provider took the SMS');
          return sent;
        },
        findSent: (q) => smsProvider.findSent(q),
      };
      const email: EmailSender = {
        name: 'dev-inbox',
        sendEmail: async (message) => {
          crash?.check();
          const sent = await emailProvider.sendEmail(message);
          if (call === 'email') crash?.now('the provider took the e-mail');
          return sent;
        },
        findSent: (q) => emailProvider.findSent(q),
      };
      const account = {
        contact: async (id: string) => {
          const contact = await directory.contact(id);
          if (call === 'render') crash?.now('the account lookup answered');
          return contact;
        },
        preferences: (id: string) => directory.preferences(id),
        operators: () => directory.operators(),
        invitationLink: (id: string, issue: number) => directory.invitationLink(id, issue),
        passwordResetCode: (id: string) => directory.passwordResetCode(id),
        phoneChangeCode: (id: string) => directory.phoneChangeCode(id),
      };
      return buildNotificationModules(testDeps(db, { account, clock, sms, email }));
    };

    it.each(STEPS)(
      'crash right after "$step": every message goes out exactly once once it resumes',
      async ({ after, mode, call }) => {
        const customer = directory.add('customer');
        const event = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 72 * 3_600_000));
        const healthy = processOver(null);
        await testDb.db.kysely.transaction().execute((trx) => healthy.events.handle(event, trx));

        const crash = new CrashSwitch(after ?? null, mode);
        const doomed = processOver(crash, call);
        await doomed.dispatch.runOnce().catch(() => 0);
        await doomed.sender.runOnce().catch(() => null);
        expect(crash.crashed, 'the injected crash happened').not.toBeNull();

        // Restarted: past every lease, passes until nothing is due.
        const resumed = processOver(null);
        for (let pass = 0; pass < 4; pass++) {
          clock.at = new Date(clock.at.getTime() + 2 * MINUTE_MS);
          await resumed.dispatch.runOnce();
          await resumed.sender.runOnce();
        }
        expect((await kept()).map((m) => `${m.channel} ${m.to}`).sort()).toEqual([
          `email ${customer.contact.email ?? ''}`,
          `sms ${customer.contact.phone}`,
        ]);
        const deliveries = await resumed.deps.repos.deliveries.list({ limit: 10 });
        expect(deliveries.map((d) => [d.channel, d.status])).toEqual(
          expect.arrayContaining([
            ['sms', 'sent'],
            ['email', 'sent'],
          ]),
        );
        expect(deliveries).toHaveLength(2);
        expect(deliveries.every((d) => d.providerMessageId?.startsWith('dev-'))).toBe(true);
      },
    );

    it('a failed write of the result (the process lives on) is not taken for a failed send: sent once', async () => {
      const customer = directory.add('customer');
      const event = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 72 * 3_600_000));
      const blip = new CrashSwitch(RECORD, 'failOnce');
      const m = processOver(blip);
      await testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
      await m.dispatch.runOnce();
      await m.sender.runOnce();
      expect(blip.failed).not.toBeNull();
      for (let pass = 0; pass < 4; pass++) {
        clock.at = new Date(clock.at.getTime() + 2 * MINUTE_MS);
        await m.dispatch.runOnce();
        await m.sender.runOnce();
      }
      expect((await kept()).map((k) => k.channel).sort()).toEqual(['email', 'sms']);
      const deliveries = await m.deps.repos.deliveries.list({ limit: 10 });
      expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    });
  },
);

describe.each(TEST_ENGINES)(
  'the real TwilioSms against a fake Twilio (in memory, for api.twilio.com) on %s',
  (engine) => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase(engine);
      await migrateSchema(testDb.db, notificationMigrations);
    });
    afterAll(async () => {
      await testDb.dispose();
    });

    it('a sender killed after Twilio accepted the SMS asks Twilio on resume: the customer gets it once', async () => {
      const twilio = fakeTwilio();
      const directory = new FakeAccountDirectory();
      const customer = directory.add('customer', { email: null });
      const clock: Clock = { at: new Date() };
      const crash = new CrashSwitch();
      const twilioSms = new TwilioSms({
        accountSid: `AC${'0'.repeat(32)}`,
        authToken: 'secret-auth-token-1',
        from: '+15005550006',
        fetch: twilio.fetch,
      });
      const dying: SmsSender = {
        name: 'twilio',
        sendSms: async (to, body) => {
          const sent = await twilioSms.sendSms(to, body);
          crash.now('Twilio accepted the SMS');
          return sent;
        },
      };
      const doomed = buildNotificationModules(
        testDeps(testDb.db.kysely.withPlugin(crash), { account: directory, clock, sms: dying }),
      );
      const event = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 72 * 3_600_000));
      await testDb.db.kysely.transaction().execute((trx) => doomed.events.handle(event, trx));
      await doomed.dispatch.runOnce();
      await doomed.sender.runOnce();
      expect(crash.crashed).not.toBeNull();
      expect(twilio.messages).toHaveLength(1);

      clock.at = new Date(clock.at.getTime() + 2 * MINUTE_MS);
      const resumed = buildNotificationModules(
        testDeps(testDb.db.kysely, { account: directory, clock, sms: twilioSms }),
      );
      expect(await resumed.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(twilio.messages).toHaveLength(1);
      const [delivery] = await resumed.deps.repos.deliveries.list({ limit: 5 });
      expect(delivery).toMatchObject({
        status: 'sent',
        attempts: 2,
        providerMessageId: twilio.messages[0]?.sid,
      });
      expect(twilio.calls.filter((c) => c.startsWith('GET'))).toHaveLength(1);
    });
  },
);
