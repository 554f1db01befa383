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
  // Fast path for every start after the first: one query, no lock table, no DDL.
  const applied = await appliedNames(db, set.schema);
  if (applied && Object.keys(set.migrations).every((name) => applied.has(name))) return [];
  await sql`create schema if not exists ${sql.id(set.schema)}`.execute(db.kysely);
  const { error, results } = await migratorFor(db, set).migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(set.schema, failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (all of them when the schema or its ledger does not exist). */
export async function pendingMigrations(db: Database, set: SchemaMigrations): Promise<string[]> {
  const applied = await appliedNames(db, set.schema);
  return Object.keys(set.migrations)
    .sort()
    .filter((name) => !applied?.has(name));
}

/** The migration names recorded in the schema's ledger, or null when there is no ledger yet. */
async function appliedNames(db: Database, schema: string): Promise<Set<string> | null> {
  const ledger = await sql<{ present: boolean }>`
    select to_regclass(${`${schema}.kysely_migration`}) is not null as present
  `.execute(db.kysely);
  if (!ledger.rows[0]?.present) return null;
  const rows = await sql<{
    name: string;
  }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db.kysely);
  return new Set(rows.rows.map((r) => r.name));
}
