import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, ConfigError, parseConfig, type Env } from './config';
import { createServer } from './server';
import { SecurityConfigSchema } from './security-headers';
import type { ServiceDefinition } from './service';

const OPS_TOKEN = 'ops-token-0123456789-0123456789-ab';
const INTERNAL_TOKEN = 'internal-token-0123456789';
const SECRET = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LXNhbHQ$secret-hash-value';

/** A service whose one route runs a statement that fails with a secret among its parameters. */
const probe: ServiceDefinition = {
  name: 'inventory',
  description: 'probe',
  migrations: { schema: 'security_probe', migrations: {} },
  routes: async (app, { ctx }) => {
    app.get('/ping', async () => ({ ok: true }));
    app.post('/fail', async () => {
      await sql`insert into security_probe.secret (v) values (${SECRET}), (${SECRET})`.execute(ctx.db.kysely);
      return { ok: true };
    });
  },
};

describe.each(TEST_ENGINES)('security headers, production surface and logs on %s', (engine) => {
  let testDb: TestDatabase;
  const webRoot = mkdtempSync(join(tmpdir(), 'ctt-web-'));
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    await sql`create schema security_probe`.execute(testDb.db.kysely);
    await sql`create table security_probe.secret (v text unique)`.execute(testDb.db.kysely);
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>app</title>');
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(
      join(webRoot, 'assets', 'index-abc.js'),
      'console.log(1)\n//# sourceMappingURL=index-abc.js.map',
    );
    writeFileSync(join(webRoot, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["src/secret.tsx"]}');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await testDb.dispose();
    rmSync(webRoot, { recursive: true, force: true });
  });

  async function start(base: Env, env: Env = {}, logs?: string[]): Promise<FastifyInstance> {
    const app = await createServer({
      config: parseConfig(BaseConfigSchema, { LOG_LEVEL: logs ? 'info' : 'silent', INTERNAL_TOKEN, ...base }),
      db: testDb.db,
      services: [probe],
      env,
      webRoot,
      processName: 'security-test',
      ...(logs ? { logStream: { write: (line: string) => void logs.push(line) } } : {}),
    });
    apps.push(app);
    await app.ready();
    return app;
  }

  it('sends a strict CSP, nosniff, no-referrer and frame-ancestors none; Swagger UI gets its own policy', async () => {
    const app = await start({ NODE_ENV: 'development' });
    for (const url of ['/', '/api/v1/ping', '/health/live']) {
      const response = await app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self';");
      expect(csp, url).toContain("style-src 'self';");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(csp, url).not.toContain('unsafe-eval');
      // Over plain http in development nothing is upgraded and no HSTS is sent.
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
    }
    const docs = await app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
    expect(String(docs.headers['content-security-policy'])).toContain("script-src 'self';");
    // Development keeps its conveniences: docs, metrics and source maps are served.
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/index-abc.js.map' })).statusCode).toBe(200);
  });

  it('allows Stripe.js (script, card frames, API) only when a Stripe publishable key is configured', async () => {
    const without = String(
      (await (await start({ NODE_ENV: 'development' })).inject({ url: '/' })).headers[
        'content-security-policy'
      ],
    );
    expect(without).not.toContain('stripe.com');
    const app = await start(
      { NODE_ENV: 'development' },
      { STRIPE_PUBLISHABLE_KEY: 'pk_test_0123456789abcdef' },
    );
    const csp = String((await app.inject({ url: '/' })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' https://js.stripe.com;");
    expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com;');
    expect(csp).toContain("connect-src 'self' https://api.stripe.com;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('refuses to start in production without PUBLIC_URL', async () => {
    await expect(start({ NODE_ENV: 'production' })).rejects.toThrow(ConfigError);
    await expect(start({ NODE_ENV: 'production' })).rejects.toThrow(/PUBLIC_URL: got missing/);
  });

  it('in production: HSTS, allow-listed hosts, /metrics and /api/docs behind OPS_TOKEN, no source maps', async () => {
    const app = await start(
      { NODE_ENV: 'production' },
      { PUBLIC_URL: 'https://rent.example.com', OPS_TOKEN },
    );
    const at = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ url, headers: { host: 'rent.example.com', ...headers } });

    const ok = await at('/api/v1/ping');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(ok.headers['content-security-policy'])).toContain('upgrade-insecure-requests');

    // Another Host never reaches a route (no links, no cookies built for evil.example).
    const evil = await app.inject({ url: '/api/v1/ping', headers: { host: 'evil.example' } });
    expect(evil.statusCode).toBe(421);
    expect(evil.headers['content-type']).toContain('application/problem+json');
    expect((await at('/', { host: 'evil.example:443' })).statusCode).toBe(421);
    // Probes, scrapers and other services reach the pod by its address.
    expect((await app.inject({ url: '/health/live', headers: { host: '10.1.2.3:3000' } })).statusCode).toBe(
      200,
    );
    const peer = await app.inject({
      url: '/api/v1/ping',
      headers: { host: 'inventory:3000', 'x-internal-token': INTERNAL_TOKEN },
    });
    expect(peer.statusCode).toBe(200);

    for (const url of ['/metrics', '/api/docs', '/api/docs/json', '/api/docs/static/index.html']) {
      expect((await at(url)).statusCode, url).toBe(401);
      expect((await at(url, { authorization: 'Bearer wrong-token' })).statusCode, url).toBe(401);
      const opened = await at(url, { authorization: `Bearer ${OPS_TOKEN}` });
      expect([200, 302], url).toContain(opened.statusCode);
    }
    expect((await app.inject({ url: '/metrics', headers: { host: '10.1.2.3:3000' } })).statusCode).toBe(401);

    expect((await at('/assets/index-abc.js')).statusCode).toBe(200);
    expect((await at('/assets/index-abc.js.map')).statusCode).toBe(404);
    expect((await at('/assets/index-abc.js.map?x=1')).statusCode).toBe(404);
  });

  it('in production without OPS_TOKEN, /metrics and /api/docs do not exist; ALLOWED_HOSTS widens the hosts', async () => {
    const app = await start(
      { NODE_ENV: 'production' },
      { PUBLIC_URL: 'https://rent.example.com', ALLOWED_HOSTS: 'rent.example.com,www.rent.example.com' },
    );
    for (const url of ['/metrics', '/api/docs/json'])
      expect((await app.inject({ url, headers: { host: 'rent.example.com' } })).statusCode, url).toBe(404);
    expect(
      (await app.inject({ url: '/api/v1/ping', headers: { host: 'www.rent.example.com' } })).statusCode,
    ).toBe(200);
  });

  it('logs a failed statement without its parameters', async () => {
    const logs: string[] = [];
    const app = await start({ NODE_ENV: 'development' }, {}, logs);
    const failed = await app.inject({ method: 'POST', url: '/api/v1/fail' });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain('secret-hash-value');
    const text = logs.join('');
    expect(text).toContain('request failed');
    expect(text).toContain('23505'); // the SQLSTATE and the message stay
    expect(text).not.toContain('secret-hash-value');
  });
});

describe('.env.example', () => {
  it('documents every security key', () => {
    const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    for (const key of Object.keys(SecurityConfigSchema.properties))
      expect(text, `${key} is not in .env.example`).toMatch(new RegExp(`^#?\\s*${key}=`, 'm'));
  });
});
