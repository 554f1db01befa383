export { createDatabase, type Database, type DatabaseTarget, type AnyKysely } from './database';
export { migrateSchema, pendingMigrations, MigrationError, type SchemaMigrations } from './migrations';
export { isUniqueViolation, isExclusionViolation, isDatabaseUnavailable, pgErrorCode } from './errors';
