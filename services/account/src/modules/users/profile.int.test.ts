import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountEvents,
  ProblemTypes,
  type Me,
  type PhoneChangeCode,
  type PhoneChangeRequestedV1,
  type PhoneChangeStarted,
  type Problem,
  type User,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import {
  as,
  OPERATOR,
  operatorEnv,
  outboxEvents,
  registerCustomer,
  resetCode,
  rowCounts,
  signIn,
  type Browser,
} from '../../../testing';

const INTERNAL_TOKEN = 'internal-shared-secret-profile';

const people = {
  ada: { phone: '+12025550171', email: 'ada@example.com', name: 'Ada Quist', password: 'copper-lantern-58' },
  ben: { phone: '+12025550172', email: 'ben@example.com', name: 'Ben Oduya', password: 'quiet-harbour-31' },
  cal: { phone: '+12025550173', email: 'cal@example.com', name: 'Cal Ferro', password: 'marble-orchard-64' },
  dot: {
    phone: '+12025550174',
    email: 'dot@example.com',
    name: 'Dot Lindqvist',
    password: 'velvet-compass-29',
  },
};

describe.each(TEST_ENGINES)('profile, password and phone change of the signed-in user on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;
  const browsers: Partial<Record<keyof typeof people, Browser>> = {};
  const logs: string[] = [];
  const who = (name: keyof typeof people): Browser => {
    const browser = browsers[name];
    if (!browser) throw new Error(`${name} is not registered`);
    return browser;
  };

  beforeAll(async () => {
    t = await createTestApp(
      engine,
      [accountService],
      { ...operatorEnv, INTERNAL_TOKEN, LOGIN_MAX_FAILURES: '5' },
      { logLevel: 'info', logStream: { write: (line) => void logs.push(line) } },
    );
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    for (const name of Object.keys(people) as Array<keyof typeof people>)
      browsers[name] = await registerCustomer(t.app, operator, people[name]);
  });
  afterAll(() => t.dispose());

  const call = (browser: Browser | null, method: 'PATCH' | 'POST', url: string, payload: unknown) =>
    t.app.inject({ method, url, headers: browser ? as(browser) : {}, payload: payload as object });
  const me = async (browser: Browser) =>
    t.app.inject({ url: '/api/v1/me', headers: { cookie: browser.cookie } });
  const userRow = async (id: string) =>
    (
      await sql<{ name: string; email: string | null; phone_e164: string; password_hash: string }>`
        select name, email, phone_e164, password_hash from account.user where id = ${id}`.execute(t.db.kysely)
    ).rows[0];
  const problemOf = (response: { json: () => unknown }) => response.json() as Problem;
  const fields = (response: { json: () => unknown }) =>
    (problemOf(response).errors ?? []).map((e) => e.field).sort();

  // ----- name and e-mail ---------------------------------------------------------------------------

  it('changes name and e-mail (trimmed, lower-cased); the operator may too', async () => {
    const ada = who('ada');
    const saved = await call(ada, 'PATCH', '/api/v1/me', {
      name: '  Ada Q. Quist ',
      email: 'Ada.Q@Example.com',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<User>()).toMatchObject({
      name: 'Ada Q. Quist',
      email: 'ada.q@example.com',
      phone: people.ada.phone,
    });
    expect((await me(ada)).json<Me>().user).toMatchObject({
      name: 'Ada Q. Quist',
      email: 'ada.q@example.com',
    });
    // Signs in with the new address.
    expect((await signIn(t.app, 'ada.q@example.com', people.ada.password)).me.user.id).toBe(ada.me.user.id);

    const op = await call(operator, 'PATCH', '/api/v1/me', { email: 'fleet@example.com' });
    expect(op.statusCode, op.body).toBe(200);
    expect(op.json<User>()).toMatchObject({ role: 'operator', email: 'fleet@example.com' });
  });

  it('refuses bad input and a taken e-mail with a problem on the field, and changes nothing', async () => {
    const ben = who('ben');
    const before = await rowCounts(t.db);
    const row = await userRow(ben.me.user.id);
    for (const [payload, field] of [
      [{}, ''],
      [{ email: 'not-an-address' }, 'email'],
      [{ name: '   ' }, 'name'],
      [{ name: 'Ben\u0007Bell' }, 'name'],
      [{ name: 'x'.repeat(81) }, 'name'],
      [{ name: 'Ben', role: 'operator' }, ''],
      [{ phone: '+12025550199' }, ''],
    ] as const) {
      const response = await call(ben, 'PATCH', '/api/v1/me', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(problemOf(response).type).toBe(ProblemTypes.validation);
      if (field) expect(fields(response), JSON.stringify(payload)).toContain(field);
    }
    // Another account's address, in any case: 409 on the e-mail field.
    const taken = await call(ben, 'PATCH', '/api/v1/me', { name: 'Benjamin', email: 'CAL@example.com' });
    expect(taken.statusCode).toBe(409);
    expect(problemOf(taken)).toMatchObject({
      type: ProblemTypes.emailTaken,
      errors: [expect.objectContaining({ field: 'email' })],
    });
    expect(await userRow(ben.me.user.id)).toEqual(row);
    expect(await rowCounts(t.db)).toEqual(before);
    // Its own address again is no conflict.
    expect((await call(ben, 'PATCH', '/api/v1/me', { email: people.ben.email })).statusCode).toBe(200);
  });

  it('answers 401 without a session and 403 without the CSRF token, changing nothing', async () => {
    const ben = who('ben');
    const row = await userRow(ben.me.user.id);
    for (const [url, payload] of [
      ['/api/v1/me', { name: 'Mallory' }],
      ['/api/v1/me/password', { currentPassword: people.ben.password, newPassword: 'stolen-session-77' }],
      ['/api/v1/me/phone', { phone: '+12025550190' }],
      ['/api/v1/me/phone/confirm', { code: '123456' }],
    ] as const) {
      const method = url === '/api/v1/me' ? 'PATCH' : 'POST';
      const anonymous = await t.app.inject({ method, url, payload });
      expect(anonymous.statusCode, url).toBe(401);
      const noToken = await t.app.inject({ method, url, payload, headers: { cookie: ben.cookie } });
      expect(noToken.statusCode, url).toBe(403);
      expect(problemOf(noToken).type).toBe(ProblemTypes.csrfTokenInvalid);
    }
    expect(await userRow(ben.me.user.id)).toEqual(row);
  });

  // ----- password ----------------------------------------------------------------------------------

  it('changes the password with the current one: other sessions end, this one stays, the user is told', async () => {
    const cal = who('cal');
    const phoneSession = await signIn(t.app, people.cal.phone, people.cal.password, '10.1.0.2');
    const laptopSession = await signIn(t.app, people.cal.email, people.cal.password, '10.1.0.3');
    // A reset code asked for earlier stops working once the password is changed here.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { phone: people.cal.phone },
    });
    const code = await resetCode(t.app, t.db, cal.me.user.id);
    const row = await userRow(cal.me.user.id);
    const before = await rowCounts(t.db);
    const change = (currentPassword: string, newPassword: string) =>
      call(cal, 'POST', '/api/v1/me/password', { currentPassword, newPassword });

    // A wrong current password and a weak new one: both fields at once.
    const both = await change('not-my-password', 'password123');
    expect(both.statusCode).toBe(400);
    expect(problemOf(both).type).toBe(ProblemTypes.currentPasswordWrong);
    expect(fields(both)).toEqual(['currentPassword', 'newPassword']);
    const wrong = await change('not-my-password', 'granite-meadow-48');
    expect(problemOf(wrong)).toMatchObject({
      type: ProblemTypes.currentPasswordWrong,
      errors: [
        {
          location: 'body',
          field: 'currentPassword',
          message: 'currentPassword is not the password of your account',
        },
      ],
    });
    // The same rules and words as registration.
    const common = await change(people.cal.password, 'Summer2024!');
    expect(problemOf(common)).toMatchObject({ type: ProblemTypes.validation });
    expect(problemOf(common).errors?.[0]).toMatchObject({ field: 'newPassword' });
    expect(problemOf(common).errors?.[0]?.message).toMatch(/^newPassword .*common password/);
    const same = await change(people.cal.password, people.cal.password);
    expect(problemOf(same).errors?.[0]?.message).toMatch(/the password you have now/);
    const short = await change(people.cal.password, 'short');
    expect(short.statusCode).toBe(400);
    expect(fields(short)).toEqual(['newPassword']);
    expect(await userRow(cal.me.user.id)).toEqual(row);
    expect(await rowCounts(t.db)).toEqual(before);
    for (const session of [cal, phoneSession, laptopSession])
      expect((await me(session)).statusCode).toBe(200);

    const done = await change(people.cal.password, 'granite-meadow-48');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({
      message: 'Your password is changed. 2 other sessions were signed out.',
      otherSessionsEnded: 2,
    });
    expect((await me(cal)).statusCode).toBe(200);
    expect((await me(phoneSession)).statusCode).toBe(401);
    expect((await me(laptopSession)).statusCode).toBe(401);
    const event = (await outboxEvents(t.db, AccountEvents.passwordChanged.type)).at(-1);
    expect(event).toMatchObject({
      key: cal.me.user.id,
      data: { userId: cal.me.user.id, otherSessionsEnded: 2 },
    });
    expect(JSON.stringify(event)).not.toContain('granite-meadow-48');
    // The old password no longer signs in; the new one does; the reset code is spent.
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { phoneOrEmail: people.cal.email, password: people.cal.password },
      remoteAddress: '10.1.0.9',
    });
    expect(old.statusCode).toBe(401);
    await signIn(t.app, people.cal.email, 'granite-meadow-48', '10.1.0.9');
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { phone: people.cal.phone, code, newPassword: 'another-pass-phrase-1' },
    });
    expect(problemOf(reset).type).toBe(ProblemTypes.wrongCode);
  });

  it('counts wrong current passwords against the sign-in limits: a stolen session cannot keep guessing', async () => {
    const dot = await signIn(t.app, people.dot.phone, people.dot.password, '10.2.0.1');
    const row = await userRow(dot.me.user.id);
    const guess = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: as(dot),
        payload: { currentPassword: 'a-wrong-guess-here', newPassword: 'granite-meadow-48' },
        remoteAddress: '10.2.0.1',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess()).statusCode);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: as(dot),
      payload: { currentPassword: people.dot.password, newPassword: 'granite-meadow-48' },
      remoteAddress: '10.2.0.1',
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await userRow(dot.me.user.id)).toEqual(row);
    // The owner elsewhere is not locked out.
    await signIn(t.app, people.dot.phone, people.dot.password, '10.2.0.2');
  });

  // ----- phone -------------------------------------------------------------------------------------

  const changeRequests = async (userId: string) =>
    (await outboxEvents(t.db, AccountEvents.phoneChangeRequested.type))
      .map((e) => e.data as PhoneChangeRequestedV1)
      .filter((d) => d.userId === userId);
  const codeOf = async (changeId: string) =>
    (
      await t.app.peers.call<PhoneChangeCode>('account', {
        method: 'GET',
        path: `/internal/phone-changes/${changeId}/code`,
      })
    ).body;
  const latestCode = async (userId: string) => {
    const latest = (await changeRequests(userId)).at(-1);
    if (!latest) throw new Error('no phone change requested');
    const answer = await codeOf(latest.changeId);
    if (!answer.code) throw new Error(`change ${latest.changeId} is ${answer.state}`);
    return { changeId: latest.changeId, code: answer.code };
  };
  const wrongOf = (code: string) => (code === '000000' ? '000001' : '000000');

  it('refuses a bad, unchanged or taken number with a problem on the field, sending nothing', async () => {
    const ada = who('ada');
    const before = await rowCounts(t.db);
    for (const phone of ['12', 'call me maybe', '+1 202 555 01']) {
      const bad = await call(ada, 'POST', '/api/v1/me/phone', { phone });
      expect(bad.statusCode, phone).toBe(400);
      expect(fields(bad), phone).toEqual(['phone']);
    }
    const unchanged = await call(ada, 'POST', '/api/v1/me/phone', { phone: '(202) 555-0171' });
    expect(unchanged.statusCode).toBe(400);
    expect(problemOf(unchanged).errors?.[0]?.message).toMatch(/already the number of your account/);
    const taken = await call(ada, 'POST', '/api/v1/me/phone', { phone: people.ben.phone });
    expect(taken.statusCode).toBe(409);
    expect(problemOf(taken)).toMatchObject({
      type: ProblemTypes.phoneTaken,
      errors: [expect.objectContaining({ field: 'phone' })],
    });
    const extra = await call(ada, 'POST', '/api/v1/me/phone', { phone: '+12025550181', userId: 'x' });
    expect(extra.statusCode).toBe(400);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('changes the phone once the code sent to the new number is confirmed; sessions stay', async () => {
    const ada = who('ada');
    const other = await signIn(t.app, people.ada.phone, people.ada.password, '10.3.0.1');
    const started = await call(ada, 'POST', '/api/v1/me/phone', { phone: '202 555 0181' });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json<PhoneChangeStarted>()).toMatchObject({ phone: '+12025550181' });
    // The event names the new number and the change, never the code.
    const [event, ...more] = await changeRequests(ada.me.user.id);
    expect(more).toEqual([]);
    expect(Object.keys(event ?? {}).sort()).toEqual(['changeId', 'expiresAt', 'phone', 'userId']);
    expect(event?.phone).toBe('+12025550181');
    const { changeId, code } = await latestCode(ada.me.user.id);
    expect(code).toMatch(/^\d{6}$/);
    // Not yet: the account keeps its number until the code comes back.
    expect((await userRow(ada.me.user.id))?.phone_e164).toBe(people.ada.phone);
    // A reset's code endpoint does not answer for a phone change (nor the reverse).
    const asReset = await t.app.peers.call<PhoneChangeCode>('account', {
      method: 'GET',
      path: `/internal/password-resets/${changeId}/code`,
    });
    expect(asReset.body).toEqual({ state: 'missing', code: null });

    const wrong = await call(ada, 'POST', '/api/v1/me/phone/confirm', { code: wrongOf(code) });
    expect(wrong.statusCode).toBe(400);
    expect(problemOf(wrong)).toMatchObject({
      type: ProblemTypes.wrongCode,
      detail: 'The code is wrong: 4 attempts left.',
      errors: [expect.objectContaining({ field: 'code' })],
    });
    for (const payload of [
      { code: '12345' },
      { code: 'abcdef' },
      {},
      { code: code, phone: '+12025550199' },
    ]) {
      const bad = await call(ada, 'POST', '/api/v1/me/phone/confirm', payload);
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
      expect(problemOf(bad).type).toBe(ProblemTypes.validation);
    }
    expect((await userRow(ada.me.user.id))?.phone_e164).toBe(people.ada.phone);

    const done = await call(ada, 'POST', '/api/v1/me/phone/confirm', { code });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<User>()).toMatchObject({ id: ada.me.user.id, phone: '+12025550181' });
    expect((await me(ada)).json<Me>().user.phone).toBe('+12025550181');
    expect((await me(other)).statusCode).toBe(200);
    expect((await outboxEvents(t.db, AccountEvents.phoneChanged.type)).at(-1)).toMatchObject({
      key: ada.me.user.id,
      data: { userId: ada.me.user.id, previousPhone: people.ada.phone, phone: '+12025550181' },
    });
    // Used once: the sender gets nothing to send, and the code does not work again.
    expect(await codeOf(changeId)).toEqual({ state: 'used', code: null });
    const reused = await call(ada, 'POST', '/api/v1/me/phone/confirm', { code });
    expect(reused.statusCode).toBe(400);
    expect(problemOf(reused).type).toBe(ProblemTypes.codeExpired);
    // Signs in with the new number; the previous one is no account's any more.
    await signIn(t.app, '+12025550181', people.ada.password, '10.3.0.2');
    const previous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { phoneOrEmail: people.ada.phone, password: people.ada.password },
      remoteAddress: '10.3.0.2',
    });
    expect(previous.statusCode).toBe(401);
  });

  it('refuses an expired code, a code after five wrong tries, and a code replaced by a newer one', async () => {
    const ben = who('ben');
    const ask = (phone: string) => call(ben, 'POST', '/api/v1/me/phone', { phone });
    const confirm = (code: string) => call(ben, 'POST', '/api/v1/me/phone/confirm', { code });

    expect((await ask('+12025550182')).statusCode).toBe(202);
    const first = await latestCode(ben.me.user.id);
    expect((await ask('+12025550183')).statusCode).toBe(202);
    const second = await latestCode(ben.me.user.id);
    // The newer code replaces the older one, which is no longer sent nor accepted.
    expect(await codeOf(first.changeId)).toEqual({ state: 'used', code: null });
    if (first.code !== second.code) {
      const old = await confirm(first.code);
      expect(problemOf(old).type).toBe(ProblemTypes.wrongCode);
    }
    // Expired (moved back in the database): refused, the number unchanged.
    await sql`update account.password_reset set expires_at = now() - interval '1 minute'
      where id = ${second.changeId}`.execute(t.db.kysely);
    expect(await codeOf(second.changeId)).toEqual({ state: 'expired', code: null });
    const expired = await confirm(second.code);
    expect(expired.statusCode).toBe(400);
    expect(problemOf(expired)).toMatchObject({
      type: ProblemTypes.codeExpired,
      errors: [expect.objectContaining({ field: 'code' })],
    });
    expect((await userRow(ben.me.user.id))?.phone_e164).toBe(people.ben.phone);

    // Five wrong tries kill the code: the right one is refused after them.
    await sql`update account.password_reset set created_at = created_at - interval '1 hour'
      where user_id = ${ben.me.user.id}`.execute(t.db.kysely);
    expect((await ask('+12025550184')).statusCode).toBe(202);
    const third = await latestCode(ben.me.user.id);
    const details: string[] = [];
    for (let i = 0; i < 5; i++) details.push(problemOf(await confirm(wrongOf(third.code))).detail);
    expect(details.at(0)).toBe('The code is wrong: 4 attempts left.');
    expect(details.at(-1)).toBe('The code is wrong, and that was the last try. Ask for a new one.');
    expect(await codeOf(third.changeId)).toEqual({ state: 'locked', code: null });
    expect(problemOf(await confirm(third.code)).type).toBe(ProblemTypes.codeExpired);
    expect((await userRow(ben.me.user.id))?.phone_e164).toBe(people.ben.phone);
  });

  it('sends at most three codes per window (then 429 with Retry-After), and nothing is recorded', async () => {
    const cal = who('cal');
    for (const phone of ['+12025550185', '+12025550186', '+12025550187'])
      expect((await call(cal, 'POST', '/api/v1/me/phone', { phone })).statusCode).toBe(202);
    const before = await rowCounts(t.db);
    const fourth = await call(cal, 'POST', '/api/v1/me/phone', { phone: '+12025550188' });
    expect(fourth.statusCode).toBe(429);
    expect(problemOf(fourth).type).toBe(ProblemTypes.rateLimited);
    const retryAfter = Number(fourth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('refuses the code when someone took the number meanwhile (409); the code stays usable', async () => {
    const dot = who('dot');
    expect((await call(dot, 'POST', '/api/v1/me/phone', { phone: '+12025550189' })).statusCode).toBe(202);
    const { changeId, code } = await latestCode(dot.me.user.id);
    // Ben moves to that number first (through the same flow).
    const ben = who('ben');
    await sql`update account.password_reset set created_at = created_at - interval '1 hour'
      where user_id = ${ben.me.user.id}`.execute(t.db.kysely);
    expect((await call(ben, 'POST', '/api/v1/me/phone', { phone: '+12025550189' })).statusCode).toBe(202);
    const bens = await latestCode(ben.me.user.id);
    expect((await call(ben, 'POST', '/api/v1/me/phone/confirm', { code: bens.code })).statusCode).toBe(200);

    const late = await call(dot, 'POST', '/api/v1/me/phone/confirm', { code });
    expect(late.statusCode).toBe(409);
    expect(problemOf(late)).toMatchObject({
      type: ProblemTypes.phoneTaken,
      errors: [expect.objectContaining({ field: 'phone' })],
    });
    expect((await userRow(dot.me.user.id))?.phone_e164).toBe(people.dot.phone);
    expect((await codeOf(changeId)).state).toBe('pending');
  });

  it('never logs passwords or codes', async () => {
    const text = logs.join('\n');
    for (const secret of [people.cal.password, 'granite-meadow-48', people.ada.password])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"code":"\d{6}"/);
  });
});

describe.each(TEST_ENGINES)(
  'the phone change routes are rate-limited like the other SMS routes on %s',
  (engine) => {
    let t: TestApp;
    let customer: Browser;
    beforeAll(async () => {
      t = await createTestApp(engine, [accountService], {
        ...operatorEnv,
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_SMS_PER_USER: '2',
        RATE_LIMIT_SMS_PER_IP: '50',
        // Sign-in and registration below spend two of these.
        RATE_LIMIT_AUTH_PER_IP: '6',
      });
      const operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
      customer = await registerCustomer(t.app, operator, people.ada);
    });
    afterAll(() => t.dispose());

    it('answers 429 past RATE_LIMIT_SMS_PER_USER new numbers and RATE_LIMIT_AUTH_PER_IP confirmations', async () => {
      const ask = async (phone: string) =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/me/phone',
            headers: as(customer),
            payload: { phone },
          })
        ).statusCode;
      expect([await ask('+12025550191'), await ask('+12025550192'), await ask('+12025550193')]).toEqual([
        202, 202, 429,
      ]);
      const confirm = async () =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/me/phone/confirm',
            headers: as(customer),
            payload: { code: '000000' },
          })
        ).statusCode;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push(await confirm());
      expect(statuses).toEqual([400, 400, 400, 400, 429]);
    });
  },
);
