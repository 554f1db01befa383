import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestEngine } from '@cybertacotruck/db/testing';
import type { Database } from '@cybertacotruck/db';
import { BaseConfigSchema, parseConfig, type Env } from './config';
import { migrateAll } from './process';
import { SecretBox } from './secrets';
import { createServer } from './server';
import type { ServiceDefinition } from './service';

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  dispose(): Promise<void>;
}

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
    const config = parseConfig(BaseConfigSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: options.logLevel ?? 'silent',
    });
    // A fresh keyring per app: tests never touch a developer's ./data keys.
    const testEnv: Env = { SECRET_KEYS: `test:${SecretBox.generateKey()}`, ...env };
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
