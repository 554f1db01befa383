import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { migrateSchema, type Database } from '@cybertacotruck/db';
import { createTestDatabase, type TestEngine, type TestDatabase } from '@cybertacotruck/db/testing';
import { notificationMigrations } from '../src/migrations';

/**
 * The notification schema on a fresh database of `engine` for one suite (created before it, dropped
 * after), with `tables` emptied before each test. Call it inside a `describe`; read `.db` in hooks
 * and tests.
 */
export function notificationTestDatabase(
  engine: TestEngine,
  tables: readonly string[],
): { readonly db: Database } {
  let testDb: TestDatabase | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    await migrateSchema(testDb.db, notificationMigrations);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    for (const table of tables)
      await sql`delete from ${sql.table(`notification.${table}`)}`.execute(database().kysely);
  });
  const database = (): Database => {
    if (!testDb) throw new Error('notificationTestDatabase: used outside its suite');
    return testDb.db;
  };
  return {
    get db() {
      return database();
    },
  };
}
