import { Migrator, sql, type Migration, type MigrationResult } from 'kysely';
import type { Database } from './database';

/** A service's schema and the migrations that build it, in name order. */
export interface SchemaMigrations {
  schema: string;
  migrations: Record<string, Migration>;
}

export class MigrationError extends Error {
  constructor(
    readonly schema: string,
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`migration ${migration ?? '(unknown)'} of schema "${schema}" failed: ${String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

function migratorFor(db: Database, set: SchemaMigrations): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(set.migrations) },
    // Each service keeps its own ledger in its own schema: no service reads another's tables.
    migrationTableSchema: set.schema,
  });
}

/** Creates the schema if needed and applies pending migrations; returns the names applied now. */
export async function migrateSchema(db: Database, set: SchemaMigrations): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(set.schema)}`.execute(db.kysely);
  const { error, results } = await migratorFor(db, set).migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(set.schema, failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (all of them when the schema does not exist yet). */
export async function pendingMigrations(db: Database, set: SchemaMigrations): Promise<string[]> {
  const exists = await sql<{ present: boolean }>`
    select exists(select 1 from information_schema.schemata where schema_name = ${set.schema}) as present
  `.execute(db.kysely);
  if (!exists.rows[0]?.present) return Object.keys(set.migrations).sort();
  const all = await migratorFor(db, set).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
