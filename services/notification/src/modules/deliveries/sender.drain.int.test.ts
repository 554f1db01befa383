import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { SmsSender } from '@cybertacotruck/messaging';
import { buildNotificationModules, startSenderWorker, type NotificationModules } from '../../index';
import {
  confirmedEvent,
  FakeAccountDirectory,
  RecordingEmail,
  silentLogger,
  testDeps,
  type Clock,
} from '../../../testing/fakes';
import { notificationTestDatabase } from '../../../testing/database';
import type { EmailSender, OutgoingEmail } from '../channels/channels.port';

/** A provider that takes `ms` per message and notes how many it had in hand at once. */
class SlowProvider implements SmsSender, EmailSender {
  readonly name = 'dev-inbox';
  inFlight = 0;
  maxInFlight = 0;
  readonly sent: string[] = [];
  constructor(private readonly ms: number) {}
  private async take(what: string) {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    this.inFlight -= 1;
    this.sent.push(what);
    return { providerId: `P${this.sent.length}` };
  }
  sendSms(to: string, body: string) {
    return this.take(`${to} ${body}`);
  }
  sendEmail(email: OutgoingEmail) {
    return this.take(`${email.to} ${email.id}`);
  }
}

describe.each(TEST_ENGINES)('the sender under load on %s (account client faked)', (engine) => {
  const testDb = notificationTestDatabase(engine, ['delivery', 'outgoing', 'reminder', 'reservation']);
  let directory: FakeAccountDirectory;
  let clock: Clock;
  beforeEach(async () => {
    directory = new FakeAccountDirectory();
    clock = { at: new Date('2026-12-01T15:00:00Z') };
  });

  const modules = (env: Record<string, string>, sms: SmsSender, email: EmailSender): NotificationModules =>
    buildNotificationModules(testDeps(testDb.db.kysely, { account: directory, clock, sms, email, env }));

  const confirmations = async (m: NotificationModules, n: number) => {
    for (let i = 0; i < n; i++) {
      const customer = directory.add('customer');
      const event = confirmedEvent(customer.contact.id, new Date(clock.at.getTime() + 72 * 3_600_000));
      await testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
    }
  };
  const statuses = async (m: NotificationModules) =>
    (await m.deps.repos.deliveries.list({ limit: 500 })).map((d) => d.status);

  it('woken once, the worker drains batch after full batch without waiting for its interval', async () => {
    const sms = new SlowProvider(1);
    const email = new RecordingEmail();
    // An hour between idle looks: only the wake and the drain loop can send these.
    const m = modules({ NOTIFICATION_SEND_BATCH: '3', NOTIFICATION_SEND_MS: '600000' }, sms, email);
    await confirmations(m, 7);
    const stop = startSenderWorker(m, silentLogger);
    try {
      m.wake();
      await expect
        .poll(() => statuses(m), { timeout: 15_000, interval: 50 })
        .toEqual(Array.from({ length: 14 }, () => 'sent'));
    } finally {
      await stop();
    }
    expect(sms.sent).toHaveLength(7);
    expect(email.sent).toHaveLength(7);
    expect(new Set(email.sent.map((e) => e.id)).size).toBe(7);
  });

  it('sends in parallel up to each channel’s concurrency, never more', async () => {
    const sms = new SlowProvider(30);
    const email = new SlowProvider(30);
    const m = modules({ NOTIFICATION_SMS_CONCURRENCY: '4', NOTIFICATION_EMAIL_CONCURRENCY: '1' }, sms, email);
    await confirmations(m, 10);
    await m.dispatch.runOnce();
    expect(await m.sender.runOnce()).toEqual({ sent: 20, retrying: 0, failed: 0 });
    expect(sms.maxInFlight).toBe(4);
    expect(email.maxInFlight).toBe(1);
  });

  it('two senders working the same queue at once send each delivery exactly once', async () => {
    const sms = new SlowProvider(2);
    const email = new SlowProvider(2);
    const env = { NOTIFICATION_SEND_BATCH: '7', NOTIFICATION_SMS_CONCURRENCY: '3' };
    const a = modules(env, sms, email);
    const b = modules(env, sms, email);
    await confirmations(a, 25);
    for (let pass = 0; pass < 4; pass++) await Promise.all([a.dispatch.runOnce(), b.dispatch.runOnce()]);
    for (let pass = 0; pass < 10; pass++) await Promise.all([a.sender.runOnce(), b.sender.runOnce()]);
    expect(await statuses(a)).toEqual(Array.from({ length: 50 }, () => 'sent'));
    expect(sms.sent).toHaveLength(25);
    expect(new Set(sms.sent).size).toBe(25);
    expect(new Set(email.sent).size).toBe(25);
    expect(email.sent).toHaveLength(25);
  });
});
