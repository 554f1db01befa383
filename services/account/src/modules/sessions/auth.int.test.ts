import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Me, type Problem } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { requireCustomer, requireOperator, type ServiceDefinition } from '@cybertacotruck/platform';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import {
  as,
  invite,
  OPERATOR,
  operatorEnv,
  outboxEvents,
  registerCustomer,
  resetCode,
  rowCounts,
  signIn,
  type Browser,
} from '../../../testing';

/** Another service in the same process, guarding its routes with the platform's preHandlers. */
const neighbour: ServiceDefinition = {
  name: 'reservation',
  description: 'a neighbour service for the test',
  migrations: { schema: 'neighbour', migrations: {} },
  routes: async (app) => {
    app.post('/fleet-action', { preHandler: requireOperator }, async () => ({ ok: true }));
    app.get('/my-bookings', { preHandler: requireCustomer }, async (request) => ({
      userId: request.principal?.userId,
    }));
  },
};

const bea = {
  phone: '+12025550161',
  email: 'bea@example.com',
  name: 'Bea Okafor',
  password: 'lantern-meadow-77',
};
const INTERNAL_TOKEN = 'internal-shared-secret-0123';

describe.each(TEST_ENGINES)('sessions, roles, CSRF, rate limits and password reset on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;
  let customer: Browser;
  const logs: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(
      engine,
      [accountService, neighbour],
      {
        ...operatorEnv,
        INTERNAL_TOKEN,
        LOGIN_MAX_FAILURES_PER_IP: '8',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '12',
      },
      { logLevel: 'info', logStream: { write: (line) => void logs.push(line) } },
    );
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    customer = await registerCustomer(t.app, operator, bea);
  });
  afterAll(() => t.dispose());

  it('answers anonymous calls to guarded routes with 401 and customers on operator routes with 403', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/invitations'],
      ['POST', '/api/v1/invitations'],
      ['GET', '/api/v1/customers'],
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/me/preferences'],
      ['POST', '/api/v1/fleet-action'],
    ] as const) {
      const anonymous = await t.app.inject({
        method,
        url,
        payload: method === 'POST' ? { phone: '+12025550199' } : undefined,
      });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      expect(anonymous.json<Problem>().type).toBe(ProblemTypes.unauthenticated);
    }
    const before = await rowCounts(t.db);
    for (const [method, url] of [
      ['GET', '/api/v1/invitations'],
      ['POST', '/api/v1/invitations'],
      ['GET', '/api/v1/customers'],
      ['POST', '/api/v1/fleet-action'],
    ] as const) {
      const denied = await t.app.inject({
        method,
        url,
        headers: as(customer),
        payload: method === 'POST' ? { phone: '+12025550199' } : undefined,
      });
      expect(denied.statusCode, `${method} ${url}`).toBe(403);
      expect(denied.json<Problem>().type).toBe(ProblemTypes.forbidden);
    }
    expect(await rowCounts(t.db)).toEqual(before);

    // The neighbour service sees who is calling.
    const mine = await t.app.inject({ url: '/api/v1/my-bookings', headers: { cookie: customer.cookie } });
    expect(mine.json<{ userId: string }>().userId).toBe(customer.me.user.id);
    expect(
      (await t.app.inject({ url: '/api/v1/my-bookings', headers: { cookie: operator.cookie } })).statusCode,
    ).toBe(403);
    const action = await t.app.inject({ method: 'POST', url: '/api/v1/fleet-action', headers: as(operator) });
    expect(action.statusCode).toBe(200);
  });

  it('refuses a state-changing call with a session but without its CSRF token (403), in any service', async () => {
    const before = await rowCounts(t.db);
    for (const headers of [
      { cookie: operator.cookie },
      { cookie: operator.cookie, 'x-csrf-token': customer.csrf },
      { cookie: operator.cookie, 'x-csrf-token': `${operator.csrf}x` },
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers,
        payload: { phone: '+12025550171' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json<Problem>().type).toBe(ProblemTypes.csrfTokenInvalid);
    }
    const neighbourCall = await t.app.inject({
      method: 'POST',
      url: '/api/v1/fleet-action',
      headers: { cookie: operator.cookie },
    });
    expect(neighbourCall.json<Problem>().type).toBe(ProblemTypes.csrfTokenInvalid);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { phoneOrEmail: bea.email, password: bea.password },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(await rowCounts(t.db)).toEqual(before);
    // Reads need no token.
    expect(
      (await t.app.inject({ url: '/api/v1/invitations', headers: { cookie: operator.cookie } })).statusCode,
    ).toBe(200);
  });

  it('limits failed sign-ins per address and account (429 + Retry-After), without locking the owner out', async () => {
    const attempt = (phoneOrEmail: string, password: string, remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { phoneOrEmail, password },
        remoteAddress,
      });
    for (let i = 0; i < 5; i++) {
      const wrong = await attempt(i % 2 ? '202-555-0161' : 'BEA@example.com', 'not-the-password', '10.0.0.1');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json<Problem>().type).toBe(ProblemTypes.invalidCredentials);
    }
    // Counted per address and account (phone and e-mail are one account): that address waits,
    // even with the right password…
    const limited = await attempt('+12025550161', bea.password, '10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json<Problem>().type).toBe(ProblemTypes.rateLimited);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // …but the owner on another device is not locked out by someone else's guesses.
    expect((await attempt(bea.email, bea.password, '10.0.0.2')).statusCode).toBe(200);
    // Nor is the operator, whoever guesses at their account.
    for (let i = 0; i < 6; i++) await attempt(OPERATOR.phone, 'not-the-password', '10.0.0.9');
    expect((await attempt(OPERATOR.phone, OPERATOR.password, '10.0.0.2')).statusCode).toBe(200);

    // Per address: failures on many identifiers from one address add up (LOGIN_MAX_FAILURES_PER_IP=8).
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await attempt(`nobody${i}@example.com`, 'whatever-else', '10.0.0.3')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);

    // The window passes (moved back in the database) and the address may try again.
    await sql`update account.login_attempt set at = at - interval '16 minutes'`.execute(t.db.kysely);
    expect((await attempt(bea.email, bea.password, '10.0.0.1')).statusCode).toBe(200);
  });

  it('caps guesses per account across addresses (LOGIN_MAX_FAILURES_PER_ACCOUNT=12); a password reset lifts it', async () => {
    const cy = {
      phone: '+12025550162',
      email: 'cy@example.com',
      name: 'Cy Tan',
      password: 'orchard-violin-48',
    };
    const cyBrowser = await registerCustomer(t.app, operator, cy);
    const attempt = (password: string, remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { phoneOrEmail: cy.phone, password },
        remoteAddress,
      });
    // An attacker rotating addresses, four guesses each (under the per-address limit of 5).
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await attempt('wrong-guess', `10.9.${i >> 2}.1`)).statusCode);
    expect(statuses).toEqual([...Array<number>(12).fill(401), 429, 429, 429, 429]);
    // Twelve guesses in all, not four per address: even the owner on a fresh device waits now…
    const locked = await attempt(cy.password, '10.8.0.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.json<Problem>().detail).toContain('reset your password');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    // …until they reset the password with the code sent to their phone.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { phone: cy.phone } });
    const code = await resetCode(t.app, t.db, cyBrowser.me.user.id);
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { phone: cy.phone, code, newPassword: 'quarry-lilac-tundra' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await attempt('quarry-lilac-tundra', '10.8.0.1')).statusCode).toBe(200);
  });

  it('resets a password by SMS code, ends every session, and says the same for unknown phones', async () => {
    const request = (phone: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { phone } });
    const confirm = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload });

    const requested = () => outboxEvents(t.db, 'account.password_reset.requested');
    const eventsBefore = (await requested()).length;
    const unknown = await request('+12025550188');
    expect((await requested()).length).toBe(eventsBefore);
    const known = await request('202 555 0161');
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    // One event for the known phone (the notification service sends the SMS); it carries no code.
    const events = await requested();
    expect(events).toHaveLength(eventsBefore + 1);
    expect(events.at(-1)).toMatchObject({ key: customer.me.user.id, data: { userId: customer.me.user.id } });
    expect(Object.keys(events.at(-1)?.data ?? {}).sort()).toEqual(['expiresAt', 'resetId', 'userId']);
    const code = await resetCode(t.app, t.db, customer.me.user.id);
    expect(code).toMatch(/^\d{6}$/);
    const codeState = async () =>
      (
        await t.app.peers.call<{ state: string; code: string | null }>('account', {
          method: 'GET',
          path: `/internal/password-resets/${String(events.at(-1)?.data.resetId)}/code`,
        })
      ).body;

    const session = await signIn(t.app, bea.email, bea.password);
    const before = await rowCounts(t.db);
    const wrong = await confirm({
      phone: bea.phone,
      code: code === '000000' ? '000001' : '000000',
      newPassword: 'harbor-kettle-93',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<Problem>().type).toBe(ProblemTypes.wrongCode);
    const noAccount = await confirm({ phone: '+12025550188', code, newPassword: 'harbor-kettle-93' });
    expect(noAccount.json<Problem>()).toMatchObject({
      type: ProblemTypes.wrongCode,
      detail: wrong.json<Problem>().detail,
    });
    // A known phone with an open code answers a wrong code exactly as an unknown phone does,
    // whatever the new password: a password rule answered first would reveal the account.
    const weakAndWrong = await confirm({
      phone: bea.phone,
      code: code === '000000' ? '000001' : '000000',
      newPassword: 'qwertyuiop',
    });
    const weakUnknown = await confirm({ phone: '+12025550188', code, newPassword: 'qwertyuiop' });
    expect(weakAndWrong.statusCode).toBe(400);
    const sameness = (p: Problem) => ({ type: p.type, status: p.status, detail: p.detail, errors: p.errors });
    expect(sameness(weakAndWrong.json<Problem>())).toEqual(sameness(weakUnknown.json<Problem>()));
    expect(weakAndWrong.json<Problem>().type).toBe(ProblemTypes.wrongCode);
    // With the right code, a weak password is a field error that says why; the code stays usable.
    const weak = await confirm({ phone: bea.phone, code, newPassword: 'qwertyuiop' });
    expect(weak.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
    const common = await confirm({ phone: bea.phone, code, newPassword: 'Summer2024!' });
    expect(common.statusCode).toBe(400);
    expect(common.json<Problem>().errors?.[0]).toMatchObject({ field: 'newPassword' });
    expect(common.json<Problem>().errors?.[0]?.message).toMatch(/common password/);
    expect(await rowCounts(t.db)).toEqual(before);

    const done = await confirm({ phone: bea.phone, code, newPassword: 'harbor-kettle-93' });
    expect(done.statusCode).toBe(204);
    // Used: a delivery still waiting for it gets no code to send.
    expect(await codeState()).toEqual({ state: 'used', code: null });
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(
      401,
    );
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: customer.cookie } })).statusCode).toBe(
      401,
    );
    const reused = await confirm({ phone: bea.phone, code, newPassword: 'another-fine-day-5' });
    expect(reused.json<Problem>().type).toBe(ProblemTypes.wrongCode);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { phoneOrEmail: bea.email, password: bea.password },
      remoteAddress: '10.0.0.5',
    });
    expect(old.statusCode).toBe(401);
    const fresh = await signIn(t.app, bea.phone, 'harbor-kettle-93', '10.0.0.5');
    expect(fresh.me.user.id).toBe(customer.me.user.id);
    customer = fresh;
  });

  it('signs out one session, and slides its expiry while in use', async () => {
    const extra = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    const hash = await sql<{ expires_at: Date; last_seen_at: Date }>`
      select expires_at, last_seen_at from account.session order by created_at desc limit 1`.execute(
      t.db.kysely,
    );
    const initial = hash.rows[0];
    await sql`update account.session set last_seen_at = last_seen_at - interval '2 hours', expires_at = expires_at - interval '2 hours'
      where created_at = (select max(created_at) from account.session)`.execute(t.db.kysely);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: extra.cookie } });
    expect(me.statusCode).toBe(200);
    // Used again: the expiry moved forward to now + SESSION_IDLE_HOURS, past where it had been put back to.
    expect(Date.parse(me.json<Me>().sessionExpiresAt)).toBeGreaterThanOrEqual(
      initial?.expires_at.getTime() ?? 0,
    );

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: as(extra) });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: extra.cookie } })).statusCode).toBe(
      401,
    );
    // The operator's other session is untouched.
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: operator.cookie } })).statusCode).toBe(
      200,
    );

    // An expired session is anonymous.
    await sql`update account.session set expires_at = now() - interval '1 second'`.execute(t.db.kysely);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: operator.cookie } })).statusCode).toBe(
      401,
    );
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
  });

  it('ends a session 30 days after sign-in however active (sliding 14-day idle expiry under that cap)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { phoneOrEmail: OPERATOR.phone, password: OPERATOR.password },
      remoteAddress: '10.0.0.6',
    });
    expect(response.statusCode).toBe(200);
    // The cookie lives as long as the session may, 30 days, not 90.
    expect(String(response.headers['set-cookie'])).toContain(`Max-Age=${30 * 86_400}`);
    const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
    const idle = Date.parse(response.json<Me>().sessionExpiresAt) - Date.now();
    expect(idle).toBeGreaterThan(14 * 86_400_000 - 60_000);
    expect(idle).toBeLessThanOrEqual(14 * 86_400_000);

    // In use every day for almost 30 days: the idle expiry slides, but never past day 30.
    await sql`update account.session set created_at = created_at - interval '29 days 23 hours',
      last_seen_at = last_seen_at - interval '1 day', expires_at = expires_at - interval '1 day'
      where created_at = (select max(created_at) from account.session)`.execute(t.db.kysely);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    const left = Date.parse(me.json<Me>().sessionExpiresAt) - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(3_600_000);
  });

  it('guards the internal preferences endpoint with INTERNAL_TOKEN', async () => {
    const url = `/api/v1/internal/users/${customer.me.user.id}/preferences`;
    expect((await t.app.inject({ url })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ url, headers: { 'x-internal-token': 'wrong-token-0123456789' } })).statusCode,
    ).toBe(403);
    const ok = await t.app.inject({ url, headers: { 'x-internal-token': INTERNAL_TOKEN } });
    expect(ok.statusCode).toBe(200);
    const missing = await t.app.inject({
      url: '/api/v1/internal/users/6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11/preferences',
      headers: { 'x-internal-token': INTERNAL_TOKEN },
    });
    expect(missing.json<Problem>().type).toBe(ProblemTypes.userNotFound);
  });

  it('never logs passwords, codes, link tokens, session ids or CSRF tokens', async () => {
    const invited = await invite(t.app, operator, '+12025550171');
    await t.app.inject({ url: `/api/v1/registration/${invited.token}` });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { phone: bea.phone } });
    const reset = await resetCode(t.app, t.db, customer.me.user.id);
    const text = logs.join('');
    expect(text).toContain('"url":"/api/v1/registration/[redacted]"');
    // The sender's calls for the link and the code are logged by their URL only.
    expect(text).toContain(`/internal/invitations/${invited.invitation.id}/link`);
    const secrets = [
      bea.password,
      'harbor-kettle-93',
      OPERATOR.password,
      operator.cookie.split('=')[1] ?? '',
      operator.csrf,
      customer.csrf,
      invited.token,
      `"${invited.code}"`,
      `"${reset}"`,
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
