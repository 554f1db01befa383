import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestEngine } from '@cybertacotruck/db/testing';
import type { Database } from '@cybertacotruck/db';
import { BaseConfigSchema, parseConfig, type Env } from '../src/config';
import { migrateAll } from '../src/process';
import { SecretBox } from '../src/secrets';
import { createServer } from '../src/server';
import type { ServiceDefinition } from '../src/service';

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  dispose(): Promise<void>;
}

/**
 * For a built process driven by one client sending bursts from one address (e2e journeys, load
 * benchmarks): no rate limits and no per-customer hold limits. Those limits have their own tests
 * (rate-limit.test.ts, reservation-limits.test.ts); a caller's own env may set them again.
 */
export const ONE_CLIENT_LOAD_ENV = {
  RATE_LIMIT_ENABLED: 'false',
  RESERVATION_MAX_ACTIVE_HOLDS: '1000',
  RESERVATION_MAX_UPCOMING: '1000',
  // The driver's licence check has its own journey (e2e/driver-verification.e2e.ts, which sets it
  // to required) and tests (apps/server/test/driver-verification.test.ts); load and other journeys
  // book without giving a licence first.
  RESERVATION_DRIVER_VERIFICATION: 'off',
} as const;

/**
 * A server for `app.inject` tests on a fresh, migrated database of the given engine
 * (a new database on the PostgreSQL server, or an in-memory PGlite).
 */
export async function createTestApp(
  engine: TestEngine,
  services: ServiceDefinition[],
  env: Env = {},
  options: { logLevel?: 'silent' | 'trace' | 'info'; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase(engine);
  try {
    await migrateAll(testDb.db, services);
    // A fresh keyring per app: tests never touch a developer's ./data keys.
    // Rate limits off unless a test turns them on (rate-limit.test.ts does): tests send bursts.
    // The licence check off likewise (most tests' customers are header stubs account never met);
    // driver-verification.test.ts turns it on.
    const testEnv: Env = {
      SECRET_KEYS: `test:${SecretBox.generateKey()}`,
      RATE_LIMIT_ENABLED: 'false',
      RESERVATION_DRIVER_VERIFICATION: 'off',
      ...env,
    };
    const config = parseConfig(BaseConfigSchema, {
      ...(env.INTERNAL_TOKEN ? { INTERNAL_TOKEN: env.INTERNAL_TOKEN } : {}),
      NODE_ENV: 'test',
      LOG_LEVEL: options.logLevel ?? 'silent',
    });
    const app = await createServer({
      config,
      db: testDb.db,
      services,
      env: testEnv,
      processName: `test-${engine}`,
      ...(options.logStream ? { logStream: options.logStream } : {}),
    });
    await app.ready();
    return {
      app,
      db: testDb.db,
      async dispose() {
        await app.close();
        await testDb.dispose();
      },
    };
  } catch (error) {
    await testDb.dispose();
    throw error;
  }
}

/**
 * A stand-in for the account service's session hook, for one service's own API tests: the
 * principal comes from an `x-test-principal: <role>` header, and its user id from `x-test-user`
 * (one fixed id without it; send your own to tell customer A from B). The real sessions (cookie + CSRF)
 * are tested in the account service and, composed with every service, in apps/server and e2e.
 */
export const principalStub: ServiceDefinition = {
  name: 'account',
  description: 'test stub: principals from the x-test-principal and x-test-user headers',
  migrations: { schema: 'test_principal_stub', migrations: {} },
  routes: async () => {},
  processPlugin: async (app) => {
    app.addHook('onRequest', async (request) => {
      const role = request.headers['x-test-principal'];
      const user = request.headers['x-test-user'];
      if (role === 'operator' || role === 'customer')
        request.principal = {
          userId: typeof user === 'string' ? user : '00000000-0000-4000-8000-00000000000a',
          role,
        };
    });
  },
};

export const asOperator = { 'x-test-principal': 'operator' } as const;
export const asCustomer = { 'x-test-principal': 'customer' } as const;
