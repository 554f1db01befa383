import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { buildNotificationModules, type NotificationModules } from '../../index';
import { notificationMigrations } from '../../migrations';
import {
  confirmedEvent,
  FakeAccountDirectory,
  RecordingSms,
  testDeps,
  type Clock,
} from '../../../testing/fakes';
import { messageIdOf } from '../channels/channels.port';
import { SmtpEmail } from '../channels/smtp.email';

/** A real SMTP server on 127.0.0.1 that keeps what arrives (AUTH PLAIN/LOGIN required) and can refuse. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'secret-pass') callback(null, { user: 'mailer' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (state.refuse) {
        const error = new Error('Mailbox unavailable, try later') as Error & { responseCode: number };
        error.responseCode = 451;
        callback(error);
      } else callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch((error: unknown) => {
          callback(error as Error);
        });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    state,
    url: `smtp://mailer:secret-pass@127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe.each(TEST_ENGINES)(
  'the sender through a real SMTP server on %s (account client faked)',
  (engine) => {
    let testDb: TestDatabase;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let mailer: SmtpEmail;
    let directory: FakeAccountDirectory;
    let clock: Clock;
    let m: NotificationModules;

    beforeAll(async () => {
      testDb = await createTestDatabase(engine);
      await migrateSchema(testDb.db, notificationMigrations);
      smtp = await startSmtp();
      mailer = new SmtpEmail(smtp.url, 'Rentals <rentals@example.com>', 5_000);
    });
    afterAll(async () => {
      mailer.close();
      await smtp.close();
      await testDb.dispose();
    });
    beforeEach(async () => {
      await sql`delete from notification.delivery`.execute(testDb.db.kysely);
      await sql`delete from notification.outgoing`.execute(testDb.db.kysely);
      smtp.received.length = 0;
      smtp.state.refuse = false;
      directory = new FakeAccountDirectory();
      clock = { at: new Date('2026-12-01T15:00:00Z') };
      m = buildNotificationModules(
        testDeps(testDb.db.kysely, {
          account: directory,
          clock,
          email: mailer,
          sms: new RecordingSms(),
          env: { NOTIFICATION_MAX_ATTEMPTS: '3', NOTIFICATION_RETRY_SECONDS: '10' },
        }),
      );
    });

    const queueConfirmation = async (name = 'Ana <b>&</b> Co') => {
      const customer = directory.add('customer', { name, email: 'ana@example.com' });
      const event = confirmedEvent(customer.contact.id, new Date('2026-12-04T16:00:00Z'), {
        vehicleName: 'Cyber <Truck>',
      });
      await testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
      await m.dispatch.runOnce();
      const [email] = await m.deps.repos.deliveries.list({ channel: 'email', limit: 5 });
      if (!email) throw new Error('no e-mail delivery');
      return email;
    };

    it('sends the e-mail over SMTP with the delivery id as Message-ID, escaped HTML and plain text', async () => {
      const delivery = await queueConfirmation();
      expect(await m.sender.runOnce()).toMatchObject({ sent: 2, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail?.messageId).toBe(messageIdOf(delivery.id));
      expect(mail?.subject).toBe('Your Cyber <Truck> is booked');
      expect(mail?.from?.text).toBe('"Rentals" <rentals@example.com>');
      expect(mail?.text).toContain('Hi Ana <b>&</b> Co,');
      expect(mail?.text).toContain('Total due: $259.00.');
      const html = typeof mail?.html === 'string' ? mail.html : '';
      expect(html).toContain('Hi Ana &lt;b&gt;&amp;&lt;/b&gt; Co,');
      expect(html).toContain('Cyber &lt;Truck&gt;');
      expect(html).not.toContain('<b>');
      const sent = await m.deps.repos.deliveries.find(delivery.id);
      expect(sent).toMatchObject({
        status: 'sent',
        attempts: 1,
        providerMessageId: messageIdOf(delivery.id),
      });
      expect(sent?.sentAt).not.toBeNull();
    });

    it('retries a refused e-mail with a growing delay, then marks it failed', async () => {
      const delivery = await queueConfirmation('Ben');
      smtp.state.refuse = true;
      expect(await m.sender.runOnce()).toMatchObject({ retrying: 1 });
      let row = await m.deps.repos.deliveries.find(delivery.id);
      expect(row).toMatchObject({ status: 'queued', attempts: 1 });
      expect(row?.lastError).toContain('Mailbox unavailable');
      expect(row?.notBefore.toISOString()).toBe('2026-12-01T15:00:10.000Z');

      expect(await m.sender.runOnce()).toMatchObject({ sent: 0, retrying: 0 }); // not due yet
      clock.at = new Date('2026-12-01T15:00:10Z');
      expect(await m.sender.runOnce()).toMatchObject({ retrying: 1 });
      row = await m.deps.repos.deliveries.find(delivery.id);
      expect(row?.notBefore.toISOString()).toBe('2026-12-01T15:00:30.000Z'); // 20 s later
      clock.at = new Date('2026-12-01T15:00:30Z');
      expect(await m.sender.runOnce()).toMatchObject({ failed: 1 });
      row = await m.deps.repos.deliveries.find(delivery.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 3 });
      expect(smtp.received).toHaveLength(0);

      // An operator's retry after the outage sends it.
      smtp.state.refuse = false;
      await m.deliveries.retry(delivery.id);
      expect(await m.sender.runOnce()).toMatchObject({ sent: 1 });
      expect(smtp.received[0]?.messageId).toBe(messageIdOf(delivery.id));
    });

    it('a sender that died mid-send leaves a lease; the next pass sends it again with the same Message-ID', async () => {
      const delivery = await queueConfirmation('Cleo');
      // Claimed by a sender that then vanished.
      await m.deps.repos.deliveries.claimDue(clock.at, 10, '00000000-0000-4000-8000-000000000001', clock.at);
      clock.at = new Date(clock.at.getTime() + 1000);
      expect(await m.sender.runOnce()).toMatchObject({ sent: 2 });
      expect(smtp.received[0]?.messageId).toBe(messageIdOf(delivery.id));
      expect(await m.deps.repos.deliveries.find(delivery.id)).toMatchObject({ status: 'sent', attempts: 2 });
    });
  },
);
