import { randomInt, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, ProblemTypes, type Problem } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { Env } from './config';
import { RATE_LIMITED_ROUTES } from './rate-limit';
import type { ServiceDefinition } from './service';
import { createTestApp, principalStub, type TestApp } from '../testing';

/** Stand-ins for the limited routes (the real ones are in the services; the paths are what count). */
const fake: ServiceDefinition = {
  name: 'inventory',
  description: 'test routes at the paths rate limits apply to',
  migrations: { schema: 'test_rate_limit', migrations: {} },
  routes: async (app) => {
    app.post('/auth/sign-in', async () => ({ ok: true }));
    app.get('/availability', async () => ({ ok: true }));
    app.get('/availability/days', async () => ({ ok: true }));
    app.post('/vehicles/:id/commands', async () => ({ ok: true }));
    app.post('/rentals/:reservationId/commands', async () => ({ ok: true }));
    app.post('/reservations', async () => ({ ok: true }));
    app.get('/vehicles', async () => ({ ok: true }));
  },
};

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
const redisUp = await redisReachable();
if (!redisUp)
  console.warn(`rate-limit.test: Redis at ${REDIS_URL} is not reachable; the shared-store test is skipped`);

/** A fresh client address per test, so counts (in Redis they outlive an app) never carry over. */
const newIp = () => `10.${String(randomInt(256))}.${String(randomInt(256))}.${String(randomInt(1, 255))}`;
const customer = () => ({ 'x-test-principal': 'customer', 'x-test-user': randomUUID() });

function expectLimited(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(429);
  expect(String(response.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const problem = response.json<Problem>();
  expect(problem).toMatchObject({ status: 429, type: ProblemTypes.rateLimited });
  return problem;
}

describe.each(TEST_ENGINES)('rate limits on public and costly routes on %s', (engine) => {
  const apps: TestApp[] = [];
  const start = async (env: Env) => {
    const t = await createTestApp(engine, [principalStub, fake], { RATE_LIMIT_ENABLED: 'true', ...env });
    apps.push(t);
    return t.app;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.dispose()));
  });

  it('lists routes that exist in the services (a renamed route would silently lose its limit)', () => {
    expect(Object.values(RATE_LIMITED_ROUTES).flat()).toContain('POST /api/v1/auth/sign-in');
    expect(Object.values(RATE_LIMITED_ROUTES).flat()).toContain('GET /api/v1/availability');
    expect(Object.values(RATE_LIMITED_ROUTES).flat()).toContain('POST /api/v1/reservations');
    expect(RATE_LIMITED_ROUTES.search).toContain('GET /api/v1/availability/days');
    expect(RATE_LIMITED_ROUTES.command).toContain('POST /api/v1/vehicles/:id/commands');
  });

  it('limits sign-ins per client address with 429 problem+json and Retry-After', async () => {
    const app = await start({ RATE_LIMIT_AUTH_PER_IP: '3' });
    const ip = newIp();
    const signIn = (remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress });
    for (let i = 0; i < 3; i++) expect((await signIn(ip)).statusCode).toBe(200);
    const problem = expectLimited(await signIn(ip));
    expect(problem.detail).toMatch(/sign-in.*from this address.*at most 3 in 60 s/);
    // Another address is counted on its own; routes without a limit are not limited.
    expect((await signIn(newIp())).statusCode).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await app.inject({ url: '/api/v1/vehicles', remoteAddress: ip })).statusCode).toBe(200);
  });

  it('limits searches and reservations per signed-in user, whatever the address', async () => {
    const app = await start({ RATE_LIMIT_SEARCH_PER_USER: '2', RATE_LIMIT_RESERVE_PER_USER: '1' });
    const alice = customer();
    const search = (headers: Record<string, string>) =>
      app.inject({ url: '/api/v1/availability', headers, remoteAddress: newIp() });
    expect((await search(alice)).statusCode).toBe(200);
    expect((await search(alice)).statusCode).toBe(200);
    expect(expectLimited(await search(alice)).detail).toMatch(/availability searches for your account/);
    expect((await search(customer())).statusCode).toBe(200);
    const reserve = () =>
      app.inject({ method: 'POST', url: '/api/v1/reservations', headers: alice, remoteAddress: newIp() });
    expect((await reserve()).statusCode).toBe(200);
    expectLimited(await reserve());
  });

  it('shares counts between processes through Redis when REDIS_URL is set', async ({ skip }) => {
    if (!redisUp) skip(`Redis at ${REDIS_URL} is not reachable`);
    const env = { REDIS_URL, RATE_LIMIT_AUTH_PER_IP: '4' };
    const [pod1, pod2] = [await start(env), await start(env)];
    const ip = newIp();
    const signIn = (app: typeof pod1) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: ip });
    expect((await signIn(pod1)).statusCode).toBe(200);
    expect((await signIn(pod2)).statusCode).toBe(200);
    expect((await signIn(pod1)).statusCode).toBe(200);
    expect((await signIn(pod2)).statusCode).toBe(200);
    expectLimited(await signIn(pod1));
    expectLimited(await signIn(pod2));
  });

  it('counts the calendar of free days as a search (per address and per user)', async () => {
    const app = await start({ RATE_LIMIT_SEARCH_PER_IP: '3', RATE_LIMIT_SEARCH_PER_USER: '2' });
    const ip = newIp();
    const days = (remoteAddress: string, headers: Record<string, string> = {}) =>
      app.inject({ url: '/api/v1/availability/days', remoteAddress, headers });
    for (let i = 0; i < 3; i++) expect((await days(ip)).statusCode).toBe(200);
    expect(expectLimited(await days(ip)).detail).toMatch(/availability searches from this address/);
    // The same budget as the search itself: one search and one calendar, then no more for Bob.
    const bob = customer();
    expect(
      (await app.inject({ url: '/api/v1/availability', headers: bob, remoteAddress: newIp() })).statusCode,
    ).toBe(200);
    expect((await days(newIp(), bob)).statusCode).toBe(200);
    expect(expectLimited(await days(newIp(), bob)).detail).toMatch(/for your account/);
  });

  it('limits commands per person and per car, over a minute', async () => {
    const app = await start({ VEHICLE_COMMANDS_PER_MINUTE: '2' });
    const alice = customer();
    const command = (path: string, headers: Record<string, string> = alice) =>
      app.inject({ method: 'POST', url: `/api/v1${path}/commands`, headers, remoteAddress: newIp() });
    const car = `/vehicles/${randomUUID()}`;
    expect((await command(car)).statusCode).toBe(200);
    expect((await command(car)).statusCode).toBe(200);
    expect(expectLimited(await command(car)).detail).toMatch(
      /commands to this car for your account: at most 2 in 60 s/,
    );
    // Another car, another person, a renter's rental: each counted on its own.
    expect((await command(`/vehicles/${randomUUID()}`)).statusCode).toBe(200);
    expect((await command(car, customer())).statusCode).toBe(200);
    const rental = `/rentals/${randomUUID()}`;
    expect((await command(rental)).statusCode).toBe(200);
    expect((await command(rental)).statusCode).toBe(200);
    expectLimited(await command(rental));
  });

  afterAll(async () => {
    await Promise.all(apps.splice(0).map((t) => t.dispose()));
  });
});
