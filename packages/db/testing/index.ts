import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database, type DatabaseTarget } from '../src/database';

export type TestEngine = 'postgres' | 'pglite';

/** Both engines every integration test runs against: the real server and embedded PGlite. */
export const TEST_ENGINES: readonly TestEngine[] = ['postgres', 'pglite'];

export const adminUrl = () =>
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  target: DatabaseTarget;
  /** Closes the connection and drops the database. */
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database: on the PostgreSQL server a new database created for this caller and
 * dropped by `dispose`; with PGlite a new in-memory instance.
 */
export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const target: DatabaseTarget = { kind: 'pglite', dataDir: null };
    const db = await createDatabase(target);
    return { db, target, dispose: () => db.close() };
  }
  const name = `ctt_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind: 'postgres', url: url.toString(), poolMax: 20 };
  const db = await createDatabase(target);
  return {
    db,
    target,
    async dispose() {
      await db.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Polls `probe` every 50 ms until `ok` holds for its value, and returns that value: how a test waits
 * for a definite state (an event handled, a row written) instead of sleeping. Fails after `ms`
 * naming what it waited for and the last value seen.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await probe();
  }
  return last;
}
