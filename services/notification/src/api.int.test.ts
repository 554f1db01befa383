import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemTypes,
  type AlertList,
  type Delivery,
  type DeliveryList,
  type DevMessageList,
  type MyNotificationList,
  type Problem,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { buildNotificationModules, notificationService, type NotificationModules } from './index';
import { DevInboxSms } from '@cybertacotruck/messaging';
import { DevInboxEmail } from './modules/channels/dev-inbox.senders';
import { repositories } from './deps';
import type { NotificationTables } from './tables';
import { confirmedEvent, FakeAccountDirectory, testDeps, type Clock } from '../testing/fakes';

const operator = { 'x-test-principal': 'operator', 'x-test-user': '00000000-0000-4000-8000-0000000000f0' };
const customerHeaders = (id: string) => ({ 'x-test-principal': 'customer', 'x-test-user': id });

function expectProblem(response: LightMyRequestResponse, status: number, type?: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const problem = response.json<Problem>();
  expect(problem.status).toBe(status);
  if (type) expect(problem.type).toBe(type);
  return problem;
}

describe.each(TEST_ENGINES)('notification API on %s (account client faked)', (engine) => {
  let t: TestApp;
  let m: NotificationModules;
  let directory: FakeAccountDirectory;
  let clock: Clock;
  let ana: string;
  let ben: string;

  const snapshot = async () =>
    (
      await sql<{ s: string }>`select concat_ws('/',
        (select string_agg(concat_ws('|', id, status, attempts, not_before), ',' order by id) from notification.delivery),
        (select count(*) from notification.outgoing), (select count(*) from notification.alert)) as s`.execute(
        t.db.kysely,
      )
    ).rows[0]?.s;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, notificationService]);
    directory = new FakeAccountDirectory();
    clock = { at: new Date('2026-12-01T15:00:00Z') };
    const repos = repositories(t.db.kysely.withTables<NotificationTables>());
    m = buildNotificationModules(
      testDeps(t.db.kysely, {
        account: directory,
        clock,
        email: new DevInboxEmail(repos.devInbox),
        sms: new DevInboxSms(repos.devInbox),
      }),
    );
    ana = directory.add('customer', { name: 'Ana', email: 'ana@example.com' }).contact.id;
    ben = directory.add('customer', { name: 'Ben' }).contact.id;
    for (const [who, days] of [
      [ana, 3],
      [ana, 4],
      [ana, 5],
      [ben, 6],
    ] as const) {
      const event = confirmedEvent(who, new Date(clock.at.getTime() + days * 86_400_000));
      await t.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
      await m.dispatch.runOnce();
      clock.at = new Date(clock.at.getTime() + 60_000);
    }
    await m.sender.runOnce();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('GET /notifications/mine: the customer’s own messages, newest first, by cursor', async () => {
    const first = await t.app.inject({
      url: '/api/v1/notifications/mine?limit=2',
      headers: customerHeaders(ana),
    });
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json<MyNotificationList>();
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]).toMatchObject({
      template: 'reservation_confirmed',
      kind: 'reservation',
      subject: 'Your Midnight Model Y is booked',
    });
    expect(page1.items[0]?.channels.map((c) => [c.channel, c.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    expect((page1.items[0]?.createdAt ?? '') > (page1.items[1]?.createdAt ?? '')).toBe(true);
    expect(page1.nextCursor).not.toBeNull();
    const second = await t.app.inject({
      url: `/api/v1/notifications/mine?limit=2&cursor=${page1.nextCursor ?? ''}`,
      headers: customerHeaders(ana),
    });
    const page2 = second.json<MyNotificationList>();
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const seen = [...page1.items, ...page2.items].map((i) => i.id);
    expect(new Set(seen).size).toBe(3);

    const other = await t.app.inject({
      url: '/api/v1/notifications/mine',
      headers: customerHeaders(randomUUID()),
    });
    expect(other.json<MyNotificationList>().items).toEqual([]);
  });

  it('GET /notifications/deliveries filters the log for operators', async () => {
    const response = await t.app.inject({
      url: `/api/v1/notifications/deliveries?userId=${ben}&channel=sms`,
      headers: operator,
    });
    expect(response.statusCode, response.body).toBe(200);
    const { items } = response.json<DeliveryList>();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ userId: ben, channel: 'sms', status: 'sent', attempts: 1 });
    const all = (
      await t.app.inject({ url: '/api/v1/notifications/deliveries?limit=500', headers: operator })
    ).json<DeliveryList>().items;
    expect(all).toHaveLength(8); // 4 confirmations × (SMS + e-mail)
  });

  it('the dev inbox shows what would have been sent, in the account dev inbox’s shape, to operators only', async () => {
    const url = '/api/v1/notifications/dev-inbox?to=ana@example.com';
    // Operator-only in development and tests too: the messages hold codes and links.
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    expect((await t.app.inject({ url, headers: customerHeaders(ben) })).statusCode).toBe(403);
    const response = await t.app.inject({ url, headers: operator });
    expect(response.statusCode, response.body).toBe(200);
    const { items } = response.json<DevMessageList>();
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ channel: 'email', to: 'ana@example.com' });
    expect(items[0]?.body).toMatch(/^Subject: Your Midnight Model Y is booked\n\nHi Ana,/);
  });

  it('POST …/deliveries/:id/retry re-queues a failed delivery; anything else is refused', async () => {
    const [target] = await m.deps.repos.deliveries.list({ userId: ben, limit: 1 });
    if (!target) throw new Error('no delivery');
    await sql`update notification.delivery set status = 'failed', attempts = 6 where id = ${target.id}`.execute(
      t.db.kysely,
    );
    const retried = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/deliveries/${target.id}/retry`,
      headers: operator,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json<Delivery>()).toMatchObject({ id: target.id, status: 'queued', attempts: 0 });
    const before = await snapshot();
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/deliveries/${target.id}/retry`,
        headers: operator,
      }),
      409,
      ProblemTypes.conflict,
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/deliveries/${randomUUID()}/retry`,
        headers: operator,
      }),
      404,
      ProblemTypes.notFound,
    );
    expect(await snapshot()).toBe(before);
  });

  it('GET /notifications/alerts lists alerts for operators', async () => {
    const response = await t.app.inject({ url: '/api/v1/notifications/alerts', headers: operator });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<AlertList>().items).toEqual([]);
  });

  it('every bad request is a 4xx problem and changes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['GET', '/api/v1/notifications/mine', {}, 401],
      ['GET', '/api/v1/notifications/mine', operator, 403],
      ['GET', '/api/v1/notifications/mine?limit=0', customerHeaders(ana), 400],
      ['GET', '/api/v1/notifications/mine?limit=101', customerHeaders(ana), 400],
      ['GET', '/api/v1/notifications/mine?cursor=not!a!cursor', customerHeaders(ana), 400],
      ['GET', '/api/v1/notifications/mine?cursor=Zm9vYmFy', customerHeaders(ana), 400],
      ['GET', '/api/v1/notifications/deliveries', {}, 401],
      ['GET', '/api/v1/notifications/deliveries', customerHeaders(ana), 403],
      ['GET', '/api/v1/notifications/deliveries?status=lost', operator, 400],
      ['GET', '/api/v1/notifications/deliveries?channel=pigeon', operator, 400],
      ['GET', '/api/v1/notifications/deliveries?userId=42', operator, 400],
      ['GET', '/api/v1/notifications/deliveries?eventId=x', operator, 400],
      ['GET', '/api/v1/notifications/deliveries?limit=-1', operator, 400],
      ['POST', '/api/v1/notifications/deliveries/not-a-uuid/retry', operator, 400],
      ['POST', `/api/v1/notifications/deliveries/${randomUUID()}/retry`, customerHeaders(ana), 403],
      ['POST', `/api/v1/notifications/deliveries/${randomUUID()}/retry`, {}, 401],
      ['GET', '/api/v1/notifications/alerts?reason=boredom', operator, 400],
      ['GET', '/api/v1/notifications/alerts', customerHeaders(ana), 403],
      ['GET', '/api/v1/notifications/dead-letters', customerHeaders(ana), 403],
      ['GET', '/api/v1/notifications/dead-letters?limit=0', operator, 400],
      ['POST', '/api/v1/notifications/dead-letters/not-a-uuid/replay', operator, 400],
      ['POST', `/api/v1/notifications/dead-letters/${randomUUID()}/discard`, customerHeaders(ana), 403],
    ];
    for (const [method, url, headers, status] of cases) {
      const response = await t.app.inject({ method: method as 'GET' | 'POST', url, headers });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
      expectProblem(response, status);
    }
    expect(await snapshot()).toBe(before);
  });
});
