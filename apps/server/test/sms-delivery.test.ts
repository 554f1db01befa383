import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryList, DevMessageList, Invitation, Me } from '@cybertacotruck/contracts';
import { accountService } from '@cybertacotruck/account';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { notificationService } from '@cybertacotruck/notification';
import { BaseConfigSchema, parseConfig, type ServiceContext } from '@cybertacotruck/platform';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';

const OPERATOR = { phone: '+12025550100', password: 'fleet-operator-9' };
const env = {
  OPERATOR_PHONE: OPERATOR.phone,
  OPERATOR_PASSWORD: OPERATOR.password,
  NOTIFICATION_SEND_MS: '100',
};
const TOKEN = /register\?token=([\w-]{43})/;

/**
 * Invitation and password-reset SMS from end to end, as `npm start` runs them in one process: the
 * account service writes the event, the relay puts it on the bus (the PostgreSQL event log), the
 * notification service consumes it, asks account for the link or code when it sends, and the SMS
 * lands in notification's dev inbox. Only the dev inbox (development only) ever holds the secret.
 */
describe.each(TEST_ENGINES)('SMS from the account service through notification on %s', (engine) => {
  let t: TestApp;
  let operator: { cookie: string; 'x-csrf-token': string };
  let stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    t = await createTestApp(engine, [accountService, notificationService], env);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { phoneOrEmail: OPERATOR.phone, password: OPERATOR.password },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    operator = { cookie: cookieOf(signIn), 'x-csrf-token': signIn.json<Me>().csrfToken };
  });
  afterEach(async () => {
    await Promise.all(stops.map((stop) => stop()));
    stops = [];
  });
  afterAll(() => t.dispose());

  /** What startProcess runs besides the server: account's relay and notification's workers. */
  async function startPipeline(): Promise<void> {
    const ctx: ServiceContext = {
      db: t.db,
      config: parseConfig(BaseConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      env,
      logger: t.app.log,
      peers: t.app.peers,
      bus: t.app.bus,
      metrics: t.app.metrics,
    };
    stops.push(await t.app.bus.startRelay('account'));
    for (const worker of notificationService.workers ?? []) stops.push(await worker.start(ctx));
  }

  const inbox = async (phone: string) => {
    const response = await t.app.inject({
      url: `/api/v1/notifications/dev-inbox?to=${encodeURIComponent(phone)}`,
      headers: { cookie: operator.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DevMessageList>().items.map((m) => m.body);
  };
  /**
   * Polls notification's dev inbox until it holds `count` SMS to the phone that match `pattern`
   * (the customer gets other messages too: the welcome); those, newest first.
   */
  const smsTo = async (phone: string, pattern: RegExp, count = 1) => {
    const matching = async () => (await inbox(phone)).filter((body) => pattern.test(body));
    await expect.poll(async () => (await matching()).length, { timeout: 20_000, interval: 100 }).toBe(count);
    return matching();
  };
  const invite = async (payload: object, host = 'rent.example.test') => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { ...operator, host },
      payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Invitation>();
  };
  const register = (token: string, code: string, who: { name: string; email: string }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/registration',
      payload: { token, code, ...who, password: 'sunset-ravioli-42' },
    });
  const deliveriesOf = async (phone: string) =>
    (
      await t.app.inject({
        url: '/api/v1/notifications/deliveries?limit=500',
        headers: { cookie: operator.cookie },
      })
    )
      .json<DeliveryList>()
      .items.filter((d) => d.recipient === phone);
  /** Everything the bus and the notification service keep: where a link or code must never be. */
  const sharedAndNotificationRows = async () =>
    JSON.stringify(
      (
        await sql`select (select json_agg(data) from account.outbox) as outbox,
          (select json_agg(data) from bus.event_log) as event_log,
          (select json_agg(d) from notification.delivery d) as deliveries,
          (select json_agg(o) from notification.outgoing o) as outgoing`.execute(t.db.kysely)
      ).rows,
    );

  it('invites in Spanish: the SMS reaches the dev inbox; the link is in no event, log or table', async () => {
    await startPipeline();
    const invitation = await invite({ phone: '+34 612 345 678', name: 'Lola', language: 'es' });
    const [sms = ''] = await smsTo('+34612345678', TOKEN);
    expect(sms).toMatch(
      /^¡Hola, Lola! Te invitamos a alquilar un Tesla con cybertacotruck\. Regístrate en http:\/\/rent\.example\.test\/register\?token=[\w-]{43} con el código \d{6}\. El enlace caduca en 48 horas\.$/,
    );
    const token = TOKEN.exec(sms)?.[1] ?? '';
    const code = /código (\d{6})/.exec(sms)?.[1] ?? '';

    // The delivery log shows it like every other message, with marks where the secrets went.
    const [delivery] = await deliveriesOf('+34612345678');
    expect(delivery).toMatchObject({
      template: 'invitation',
      channel: 'sms',
      status: 'sent',
      userId: null,
      language: 'es',
      body: expect.stringContaining('Regístrate en ‹link› con el código ‹code›') as string,
    });
    const rows = await sharedAndNotificationRows();
    expect(rows).toContain(invitation.id);
    expect(rows).not.toContain(token);
    expect(rows).not.toContain(code);

    const registered = await register(token, code, { name: 'Lola Ruiz', email: 'lola@example.com' });
    expect(registered.statusCode, registered.body).toBe(201);
    // The welcome follows, in the language the customer was invited in.
    await smsTo('+34612345678', /^¡Bienvenido\/a a cybertacotruck, Lola Ruiz!/);
  });

  it('sends the reset code through notification, in the user’s language (from the invitation)', async () => {
    await startPipeline();
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { phone: '+34 612 345 678' },
    });
    expect(requested.statusCode).toBe(202);
    const [sms = ''] = await smsTo('+34612345678', /restablecer la contraseña/);
    expect(sms).toMatch(
      /^Tu código de cybertacotruck para restablecer la contraseña es \d{6}\. Caduca en 15 minutos\./,
    );
    const code = /es (\d{6})\./.exec(sms)?.[1] ?? '';
    expect(await sharedAndNotificationRows()).not.toContain(`"${code}`);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { phone: '+34612345678', code, newPassword: 'harbor-kettle-93' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
  });

  it('a resend sends a new link; the replaced one no longer registers', async () => {
    await startPipeline();
    const invitation = await invite({ phone: '+12025550177' });
    const [first = ''] = await smsTo('+12025550177', TOKEN);
    expect(first).toMatch(/^You're invited to rent a Tesla with cybertacotruck\. Register at /);
    const resent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${invitation.id}/resend`,
      headers: operator,
    });
    expect(resent.statusCode, resent.body).toBe(200);
    const [second = ''] = await smsTo('+12025550177', TOKEN, 2);
    const oldToken = TOKEN.exec(first)?.[1] ?? '';
    const newToken = TOKEN.exec(second)?.[1] ?? '';
    expect(newToken).not.toBe(oldToken);
    const code = (text: string) => /code (\d{6})/.exec(text)?.[1] ?? '';
    const who = { name: 'Max Moss', email: 'max@example.com' };
    expect((await register(oldToken, code(first), who)).statusCode).toBe(404);
    expect((await register(newToken, code(second), who)).statusCode).toBe(201);
  });

  it('does not send an invitation that expired before its turn came: the delivery says so', async () => {
    // The invitation is made while nothing sends, and expires before the pipeline starts.
    const invitation = await invite({ phone: '+12025550178' });
    await sql`update account.invitation set expires_at = now() - interval '1 second'
      where id = ${invitation.id}`.execute(t.db.kysely);
    await startPipeline();
    await expect
      .poll(async () => (await deliveriesOf('+12025550178')).map((d) => [d.status, d.lastError]), {
        timeout: 20_000,
        interval: 100,
      })
      .toEqual([['skipped', 'not sent: the invitation expired']]);
    expect(await inbox('+12025550178')).toEqual([]);
  });
});

function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header[0] : header)?.split(';')[0] ?? '';
}
