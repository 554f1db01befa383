import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type Invitation,
  type InvitationList,
  type Me,
  type Preferences,
  type Problem,
  type RegistrationInfo,
  type CustomerList,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import {
  as,
  invitationSecrets,
  invite,
  operatorEnv,
  outboxEvents,
  OPERATOR,
  rowCounts,
  sessionCookieOf,
  signIn,
  type Browser,
} from '../../../testing';

const ana = { phone: '(202) 555-0142', e164: '+12025550142', name: 'Ana Lima', email: 'Ana@Example.com' };
const anaPassword = 'sunset-ravioli-42';

describe.each(TEST_ENGINES)('customer onboarding on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;

  beforeAll(async () => {
    t = await createTestApp(engine, [accountService], operatorEnv);
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
  });
  afterAll(() => t.dispose());

  const register = (payload: object) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/registration',
      payload,
      headers: { 'user-agent': 'vitest' },
    });

  it('invites by SMS, registers with link + code, signs in, sets preferences and signs out everywhere', async () => {
    // The operator invites; the number is normalised to E.164.
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { ...as(operator), host: 'rent.example.test' },
      payload: { phone: ana.phone, name: 'Ana' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const invitation = invited.json<Invitation>();
    // The SMS is the notification service's to send: account hands it over (queued), with its event.
    expect(invitation).toMatchObject({ phone: ana.e164, name: 'Ana', status: 'pending', delivery: 'queued' });
    const hours = (Date.parse(invitation.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    // The notification service's sender asks for the link (on the request's origin) and a 6-digit code.
    const sms = await invitationSecrets(t.app, invitation);
    expect(sms.state).toBe('pending');
    expect(sms.link).toMatch(/^http:\/\/rent\.example\.test\/register\?token=[\w-]{43}$/);
    expect(sms.code).toMatch(/^\d{6}$/);
    const token = sms.token ?? '';
    const code = sms.code ?? '';

    // Neither the token nor the code is in the event (topics and the event log are read by many),
    // nor in plain text in the invitation row (hashes, and the pair sealed for the sender).
    const [invitedEvent] = await outboxEvents(t.db, 'account.customer.invited');
    expect(invitedEvent?.data).toEqual({
      invitationId: invitation.id,
      phone: ana.e164,
      name: 'Ana',
      invitedBy: operator.me.user.id,
      expiresAt: invitation.expiresAt,
      language: 'en',
      issue: 1,
    });
    const stored = await sql<Record<string, unknown>>`select * from account.invitation`.execute(t.db.kysely);
    for (const secret of [token, code]) {
      expect(JSON.stringify(invitedEvent)).not.toContain(secret);
      expect(JSON.stringify(stored.rows)).not.toContain(secret);
    }
    expect(stored.rows[0]?.secret_sealed).toMatch(/^v1\./);

    // The registration page learns the masked phone and the expiry.
    const info = await t.app.inject({ url: `/api/v1/registration/${token}` });
    expect(info.statusCode).toBe(200);
    expect(info.json<RegistrationInfo>()).toEqual({
      phoneMasked: expect.stringMatching(/^\+1 •+0142$/) as string,
      name: 'Ana',
      expiresAt: invitation.expiresAt,
    });

    // A wrong code is refused with a field error, and changes nothing but the attempt count.
    const before = await rowCounts(t.db);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await register({
      token,
      code: wrongCode,
      name: ana.name,
      email: ana.email,
      password: anaPassword,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json<Problem>()).toMatchObject({
      type: ProblemTypes.wrongCode,
      errors: [{ location: 'body', field: 'code' }],
    });
    expect(wrong.json<Problem>().detail).toContain('4 attempts left');
    expect(await rowCounts(t.db)).toEqual(before);

    // The right code registers and signs in: an HttpOnly, SameSite=Lax session cookie on Path=/.
    const registered = await register({
      token,
      code,
      name: ana.name,
      email: ana.email,
      password: anaPassword,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const setCookie = String(registered.headers['set-cookie']);
    expect(setCookie).toMatch(/^ctt_session=[\w-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure'); // plain http in a test; https or production adds it
    const me = registered.json<Me>();
    expect(me.user).toMatchObject({
      role: 'customer',
      phone: ana.e164,
      email: 'ana@example.com',
      name: ana.name,
    });
    const customer: Browser = { cookie: sessionCookieOf(registered), csrf: me.csrfToken, me };

    // Registration wrote the customer, their preferences, the session and both events.
    const after = await rowCounts(t.db);
    expect(after).toMatchObject({
      user: before.user + 1,
      preferences: before.preferences + 1,
      session: before.session + 1,
    });
    const events = await sql<{ type: string; key: string; data: { phone: string } }>`
      select type, key, data from account.outbox order by occurred_at`.execute(t.db.kysely);
    expect(events.rows.map((e) => e.type)).toEqual([
      'account.customer.invited',
      'account.customer.registered',
    ]);
    expect(events.rows[1]).toMatchObject({ key: me.user.id, data: { phone: ana.e164 } });
    const sessionRow = await sql<{ id_hash: string; user_agent: string }>`
      select id_hash, user_agent from account.session where user_id = ${me.user.id}`.execute(t.db.kysely);
    expect(sessionRow.rows[0]?.user_agent).toBe('vitest');
    expect(sessionRow.rows[0]?.id_hash).not.toBe(customer.cookie.split('=')[1]);

    // /me knows who this is and hands out the same CSRF token.
    const who = await t.app.inject({ url: '/api/v1/me', headers: { cookie: customer.cookie } });
    expect(who.statusCode).toBe(200);
    expect(who.json<Me>()).toMatchObject({ user: { id: me.user.id }, csrfToken: customer.csrf });
    expect(who.headers['cache-control']).toBe('no-store');

    // The invitation shows as accepted; the operator sees the new customer.
    const list = await t.app.inject({ url: '/api/v1/invitations', headers: { cookie: operator.cookie } });
    expect(list.json<InvitationList>().items.find((i) => i.id === invitation.id)?.status).toBe('accepted');
    const customers = await t.app.inject({ url: '/api/v1/customers', headers: { cookie: operator.cookie } });
    expect(customers.json<CustomerList>().items.map((c) => c.phone)).toContain(ana.e164);

    // Preferences: defaults, then a patch; a bad time zone is a 400 naming the field.
    const prefs = await t.app.inject({ url: '/api/v1/me/preferences', headers: { cookie: customer.cookie } });
    expect(prefs.json<Preferences>()).toMatchObject({ timeZone: 'UTC', language: 'en', quietHours: null });
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/me/preferences', headers: as(customer), payload });
    const badZone = await patch({ timeZone: 'Mars/Olympus_Mons' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json<Problem>().errors).toEqual([
      expect.objectContaining({ location: 'body', field: 'timeZone' }),
    ]);
    const patched = await patch({
      timeZone: 'Europe/Paris',
      language: 'fr',
      quietHours: { start: '22:00', end: '07:00' },
      channels: { marketing: { email: true }, reminder: { sms: false } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<Preferences>()).toEqual({
      timeZone: 'Europe/Paris',
      language: 'fr',
      quietHours: { start: '22:00', end: '07:00' },
      channels: {
        reservation: { sms: true, email: true },
        reminder: { sms: false, email: false },
        account: { sms: true, email: true },
        marketing: { sms: false, email: true },
      },
    });
    const badShape = await patch({ language: 'klingon', quietHours: { start: '25:00', end: '07:00' } });
    expect(badShape.statusCode).toBe(400);
    expect(badShape.json<Problem>().errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(['language', 'quietHours.start']),
    );

    const emptyQuiet = await patch({ quietHours: { start: '07:00', end: '07:00' } });
    expect(emptyQuiet.json<Problem>().errors?.[0]?.field).toBe('quietHours.end');
    const cleared = await patch({ quietHours: null });
    expect(cleared.json<Preferences>().quietHours).toBeNull();
    await patch({ quietHours: { start: '22:00', end: '07:00' } });

    // Other services read the same preferences through the internal endpoint (a browser may not).
    const internal = await t.app.peers.call<Preferences>('account', {
      method: 'GET',
      path: `/internal/users/${me.user.id}/preferences`,
    });
    expect(internal.body.timeZone).toBe('Europe/Paris');
    expect((await t.app.inject({ url: `/api/v1/internal/users/${me.user.id}/preferences` })).statusCode).toBe(
      403,
    );

    // A second session (another device), then sign out everywhere: both cookies are dead.
    const phone = await signIn(t.app, ana.email, anaPassword);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      headers: as(customer),
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    for (const cookie of [customer.cookie, phone.cookie]) {
      const gone = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
      expect(gone.statusCode).toBe(401);
      expect(gone.json<Problem>().type).toBe(ProblemTypes.unauthenticated);
    }
  });

  it('refuses a used link, and a link replaced by a resend; the resent one works', async () => {
    const used = await invite(t.app, operator, '+12025550143');
    const ok = await register({
      token: used.token,
      code: used.code,
      name: 'Bo',
      email: 'bo@example.com',
      password: anaPassword,
    });
    expect(ok.statusCode).toBe(201);
    const before = await rowCounts(t.db);
    const again = await register({
      token: used.token,
      code: used.code,
      name: 'Bo',
      email: 'bo2@example.com',
      password: anaPassword,
    });
    expect(again.statusCode).toBe(410);
    expect(again.json<Problem>().type).toBe(ProblemTypes.registrationLinkUsed);
    expect((await t.app.inject({ url: `/api/v1/registration/${used.token}` })).statusCode).toBe(410);
    expect(await rowCounts(t.db)).toEqual(before);

    const first = await invite(t.app, operator, '+12025550144', 'Cy');
    const resent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${first.invitation.id}/resend`,
      headers: as(operator),
    });
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json<Invitation>()).toMatchObject({
      id: first.invitation.id,
      sentCount: 2,
      status: 'pending',
    });
    // A new event for the new issue; the first issue's link is no longer handed out.
    const resentEvents = await outboxEvents(t.db, 'account.invitation.resent');
    expect(resentEvents.at(-1)).toMatchObject({
      key: first.invitation.id,
      data: { invitationId: first.invitation.id, issue: 2, resentBy: operator.me.user.id, language: 'en' },
    });
    expect((await invitationSecrets(t.app, first.invitation)).state).toBe('superseded');
    const second = await invitationSecrets(t.app, resent.json<Invitation>());
    expect(second.token).not.toBe(first.token);
    const beforeStale = await rowCounts(t.db);
    const stale = await register({
      token: first.token,
      code: first.code,
      name: 'Cy',
      email: 'cy@example.com',
      password: anaPassword,
    });
    expect(stale.statusCode).toBe(404);
    expect(stale.json<Problem>().type).toBe(ProblemTypes.registrationLinkUnknown);
    expect(await rowCounts(t.db)).toEqual(beforeStale);
    const fresh = await register({
      token: second.token,
      code: second.code,
      name: 'Cy',
      email: 'cy@example.com',
      password: anaPassword,
    });
    expect(fresh.statusCode).toBe(201);
    // Used: nothing left to send, and the sealed copy is gone.
    expect((await invitationSecrets(t.app, resent.json<Invitation>())).state).toBe('accepted');
    const sealed = await sql<{ secret_sealed: string | null }>`
      select secret_sealed from account.invitation where id = ${first.invitation.id}`.execute(t.db.kysely);
    expect(sealed.rows[0]?.secret_sealed).toBeNull();

    // An accepted invitation cannot be resent; a registered phone cannot be invited again.
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${first.invitation.id}/resend`,
      headers: as(operator),
    });
    expect(late.json<Problem>().type).toBe(ProblemTypes.invitationAccepted);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: as(operator),
      payload: { phone: '+1 202 555 0144' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json<Problem>().type).toBe(ProblemTypes.phoneTaken);
  });

  it('refuses an expired link, and locks a link after 5 wrong codes', async () => {
    const expired = await invite(t.app, operator, '+12025550145');
    await sql`update account.invitation set expires_at = now() - interval '1 second' where id = ${expired.invitation.id}`.execute(
      t.db.kysely,
    );
    const before = await rowCounts(t.db);
    const late = await register({
      token: expired.token,
      code: expired.code,
      name: 'Di',
      email: 'di@example.com',
      password: anaPassword,
    });
    expect(late.statusCode).toBe(410);
    expect(late.json<Problem>().type).toBe(ProblemTypes.registrationLinkExpired);
    // The notification service's sender is told so, and gets no link to send.
    expect(await invitationSecrets(t.app, expired.invitation)).toEqual({
      state: 'expired',
      link: undefined,
      token: undefined,
      code: undefined,
    });
    expect((await t.app.inject({ url: `/api/v1/registration/${expired.token}` })).json<Problem>().type).toBe(
      ProblemTypes.registrationLinkExpired,
    );

    const guessed = await invite(t.app, operator, '+12025550146');
    const wrong = guessed.code === '123456' ? '654321' : '123456';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await register({
        token: guessed.token,
        code: wrong,
        name: 'Ed',
        email: 'ed@example.com',
        password: anaPassword,
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 410]);
    const dead = await register({
      token: guessed.token,
      code: guessed.code,
      name: 'Ed',
      email: 'ed@example.com',
      password: anaPassword,
    });
    expect(dead.json<Problem>().type).toBe(ProblemTypes.registrationLinkLocked);
    expect((await invitationSecrets(t.app, guessed.invitation)).state).toBe('locked');
    expect(await rowCounts(t.db)).toEqual({
      ...before,
      invitation: before.invitation + 1,
      outbox: before.outbox + 1,
    });
  });

  it('refuses bad input with field errors and stores nothing', async () => {
    const pending = await invite(t.app, operator, '+12025550147');
    const before = await rowCounts(t.db);
    const badPhone = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: as(operator),
      payload: { phone: '555-12' },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json<Problem>().errors).toEqual([
      expect.objectContaining({ location: 'body', field: 'phone' }),
    ]);

    const base = { token: pending.token, code: pending.code, name: 'Flo', email: 'flo@example.com' };
    const weak = await register({ ...base, password: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const short = await register({ ...base, password: 'short' });
    expect(short.json<Problem>().errors?.map((e) => e.field)).toEqual(['password']);
    const mine = await register({ ...base, password: 'flo-2025550147' });
    expect(mine.json<Problem>().errors?.[0]?.message).toContain('phone');
    const malformed = await register({
      ...base,
      email: 'not-an-email',
      code: '12ab56',
      password: anaPassword,
      extra: 1,
    });
    expect(malformed.statusCode).toBe(400);
    expect(
      malformed
        .json<Problem>()
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['code', 'email', 'extra']);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registration',
      headers: { 'content-type': 'application/json' },
      payload: '{"token": ',
    });
    expect(notJson.json<Problem>().type).toBe(ProblemTypes.malformedBody);
    // Common and leaked passwords are refused with a field error that says why.
    for (const password of ['Summer2024!', 'Liverpool1', 'changeme123']) {
      const common = await register({ ...base, password });
      expect(common.statusCode, password).toBe(400);
      const [error] = common.json<Problem>().errors ?? [];
      expect(error?.field, password).toBe('password');
      expect(error?.message, password).toMatch(/common password|easy to guess/);
    }
    // Whether an e-mail is taken is not told before the code is right: a wrong code answers the
    // same for a taken e-mail as for a free one (no enumeration with a link alone).
    const wrongCode = pending.code === '000000' ? '000001' : '000000';
    const takenWrong = await register({
      ...base,
      code: wrongCode,
      email: 'ANA@example.com',
      password: anaPassword,
    });
    const freeWrong = await register({
      ...base,
      code: wrongCode,
      email: 'gil@example.com',
      password: anaPassword,
    });
    expect([takenWrong.statusCode, takenWrong.json<Problem>().type]).toEqual([400, ProblemTypes.wrongCode]);
    expect([freeWrong.statusCode, freeWrong.json<Problem>().type]).toEqual([400, ProblemTypes.wrongCode]);
    // A wrong code is told together with a weak password: every field's message at once.
    const bothWrong = await register({ ...base, code: wrongCode, password: 'password123' });
    expect([bothWrong.statusCode, bothWrong.json<Problem>().type]).toEqual([400, ProblemTypes.wrongCode]);
    expect(bothWrong.json<Problem>().errors?.map((e) => e.field)).toEqual(['code', 'password']);
    const taken = await register({ ...base, email: 'ANA@example.com', password: anaPassword });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<Problem>().type).toBe(ProblemTypes.emailTaken);
    expect(await rowCounts(t.db)).toEqual(before);

    // Weak passwords and taken e-mails cost no code attempt: the right code still works.
    const ok = await register({ ...base, password: anaPassword });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('keeps one open invitation per phone', async () => {
    const first = await invite(t.app, operator, '+12025550148');
    const before = await rowCounts(t.db);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: as(operator),
      payload: { phone: '202-555-0148' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json<Problem>()).toMatchObject({ type: ProblemTypes.invitationOpen });
    expect(second.json<Problem>().detail).toContain(first.invitation.id);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('invites in the language the operator picks, and the new account speaks it', async () => {
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: as(operator),
      payload: { phone: '+12025550149', name: 'Lola', language: 'es' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const invitation = invited.json<Invitation>();
    const events = await outboxEvents(t.db, 'account.customer.invited');
    expect(events.at(-1)?.data).toMatchObject({ invitationId: invitation.id, language: 'es', issue: 1 });
    const { token, code } = await invitationSecrets(t.app, invitation);
    const registered = await register({
      token,
      code,
      name: 'Lola Ruiz',
      email: 'lola@example.com',
      password: anaPassword,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const prefs = await t.app.inject({
      url: '/api/v1/me/preferences',
      headers: { cookie: sessionCookieOf(registered) },
    });
    expect(prefs.json<Preferences>().language).toBe('es');
    const klingon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: as(operator),
      payload: { phone: '+12025550150', language: 'tlh' },
    });
    expect(klingon.statusCode).toBe(400);
    expect(klingon.json<Problem>().errors?.[0]?.field).toBe('language');
  });

  it('hands links only to internal callers, and only for an invitation it knows', async () => {
    const pending = await invite(t.app, operator, '+12025550151');
    const url = `/api/v1/internal/invitations/${pending.invitation.id}/link?issue=1`;
    const browser = await t.app.inject({ url, headers: { cookie: operator.cookie } });
    expect(browser.statusCode).toBe(403);
    expect(browser.body).not.toContain(pending.code);
    const unknown = await invitationSecrets(t.app, {
      id: '00000000-0000-4000-8000-000000000999',
      sentCount: 1,
    });
    expect(unknown.state).toBe('missing');
    const bad = await t.app.peers
      .call('account', { method: 'GET', path: `/internal/invitations/${pending.invitation.id}/link?issue=0` })
      .catch((error: unknown) => error);
    expect(bad).toMatchObject({ status: 400 });
  });
});
