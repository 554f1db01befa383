import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Me, type Problem } from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  BaseConfigSchema,
  parseConfig,
  requireCustomer,
  requireOperator,
  startProcess,
  type RunningProcess,
  type ServiceDefinition,
} from '@cybertacotruck/platform';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import { OPERATOR, operatorEnv } from '../../../testing';

/** Another service, alone in its process (as inventory is in the distributed topology). */
const neighbour: ServiceDefinition = {
  name: 'inventory',
  description: 'a service in a process without the account service',
  migrations: { schema: 'remote_session_neighbour', migrations: {} },
  routes: async (app) => {
    // Guarded as a whole plugin (as inventory's Tesla routes are): the session must be known by then.
    await app.register(async (operatorOnly) => {
      operatorOnly.addHook('onRequest', requireOperator);
      operatorOnly.get('/fleet-view', async (request) => ({ principal: request.principal }));
      operatorOnly.post('/fleet-action', async () => ({ ok: true }));
    });
    app.get('/my-bookings', { preHandler: requireCustomer }, async () => ({ ok: true }));
  },
};

const INTERNAL_TOKEN = 'remote-session-internal-token-0123';

// Two processes over real HTTP: the account service, and a process with only "inventory" mounted
// that resolves the session cookie by asking it (platform's remote-session.ts, wired by startProcess).
describe('sessions resolved by a process without the account service', () => {
  let account: TestApp;
  let accountUrl = '';
  const accountLog: string[] = [];
  let neighbourDb: TestDatabase;
  let neighbourProcess: RunningProcess;
  let url = '';
  let operator: { cookie: string; csrf: string; userId: string };

  beforeAll(async () => {
    account = await createTestApp(
      'postgres',
      [accountService],
      { ...operatorEnv, INTERNAL_TOKEN },
      { logLevel: 'info', logStream: { write: (line) => accountLog.push(line) } },
    );
    accountUrl = await account.app.listen({ host: '127.0.0.1', port: 0 });
    neighbourDb = await createTestDatabase('postgres');
    if (neighbourDb.target.kind !== 'postgres') throw new Error('expected a PostgreSQL test database');
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: neighbourDb.target.url,
      INTERNAL_TOKEN,
      ACCOUNT_URL: accountUrl,
    };
    neighbourProcess = await startProcess({
      config: parseConfig(BaseConfigSchema, env),
      services: [neighbour],
      processName: 'inventory',
      env,
    });
    url = neighbourProcess.url;

    const signIn = await fetch(`${accountUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneOrEmail: OPERATOR.phone, password: OPERATOR.password }),
    });
    expect(signIn.status).toBe(200);
    const me = (await signIn.json()) as Me;
    operator = {
      cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      csrf: me.csrfToken,
      userId: me.user.id,
    };
  });

  afterAll(async () => {
    await neighbourProcess.close();
    await neighbourDb.dispose();
    await account.dispose();
  });

  const problemOf = async (response: Response) => {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  };

  it('a signed-in operator reaches an operator route of the other process', async () => {
    const response = await fetch(`${url}/api/v1/fleet-view`, { headers: { cookie: operator.cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ principal: { userId: operator.userId, role: 'operator' } });
    // The role still counts: an operator is not a customer.
    const wrongRole = await fetch(`${url}/api/v1/my-bookings`, { headers: { cookie: operator.cookie } });
    expect(wrongRole.status).toBe(403);
  });

  it('a state-changing call needs the session’s CSRF token: right → 200, wrong or missing → 403 problem', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/api/v1/fleet-action`, {
        method: 'POST',
        headers: { cookie: operator.cookie, ...headers },
      });
    expect((await post({ 'x-csrf-token': operator.csrf })).status).toBe(200);
    for (const headers of [{ 'x-csrf-token': `${operator.csrf}x` }, {}] as Array<Record<string, string>>) {
      const refused = await post(headers);
      expect(refused.status).toBe(403);
      expect(await problemOf(refused)).toMatchObject({ status: 403, type: ProblemTypes.csrfTokenInvalid });
    }
    // A page on another site may not change anything, token or not.
    const crossSite = await post({ 'x-csrf-token': operator.csrf, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await problemOf(crossSite)).toMatchObject({ type: ProblemTypes.csrfTokenInvalid });
  });

  it('no cookie, or a cookie naming no session → 401 problem', async () => {
    for (const headers of [{}, { cookie: 'ctt_session=not-a-session-at-all' }] as Array<
      Record<string, string>
    >) {
      const response = await fetch(`${url}/api/v1/fleet-view`, { headers });
      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ status: 401, type: ProblemTypes.unauthenticated });
    }
  });

  it('the internal endpoint refuses a browser, and the session id never reaches a log line', async () => {
    const sessionId = operator.cookie.split('=')[1] ?? '';
    const browser = await fetch(`${accountUrl}/api/v1/internal/sessions/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId }),
    });
    expect(browser.status).toBe(403);
    expect(accountLog.length).toBeGreaterThan(0);
    expect(accountLog.join('\n')).not.toContain(sessionId);
  });

  it('signing out at the account service ends the session in the other process within seconds', async () => {
    const signIn = await fetch(`${accountUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneOrEmail: OPERATOR.phone, password: OPERATOR.password }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await signIn.json()) as Me;
    expect((await fetch(`${url}/api/v1/fleet-view`, { headers: { cookie } })).status).toBe(200);
    const signOut = await fetch(`${accountUrl}/api/v1/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(signOut.status).toBe(204);
    await expect
      .poll(async () => (await fetch(`${url}/api/v1/fleet-view`, { headers: { cookie } })).status, {
        timeout: 8_000,
        interval: 500,
      })
      .toBe(401);
  });

  it('when the account service cannot be reached, a request with a cookie is a 503 problem', async () => {
    await account.app.close();
    const response = await fetch(`${url}/api/v1/fleet-view`, {
      headers: { cookie: 'ctt_session=another-session-id-not-cached' },
    });
    expect(response.status).toBe(503);
    expect(await problemOf(response)).toMatchObject({ type: ProblemTypes.unavailable });
    // Anonymous requests do not need it.
    expect((await fetch(`${url}/api/v1/fleet-view`)).status).toBe(401);
  });
});
