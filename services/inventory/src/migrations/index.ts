import { sql, type Migration } from 'kysely';
import type { SchemaMigrations } from '@cybertacotruck/db';
import { VEHICLE_MODELS } from '@cybertacotruck/contracts';
import { m0002_tesla } from './0002-tesla';
import { m0003_calendar } from './0003-calendar';
import { m0004_availability_changes } from './0004-availability-changes';
import { m0005_outbox_telemetry } from './0005-outbox-telemetry';
import { m0006_referenced_claims } from './0006-referenced-claims';
import { m0007_vehicle_tesla_access } from './0007-vehicle-tesla-access';
import { m0008_locations } from './0008-locations';
import { m0009_sentry_state } from './0009-sentry-state';
import { m0010_vehicle_commands } from './0010-vehicle-commands';
import { m0011_rental_access } from './0011-rental-access';
import { m0012_insights } from './0012-insights';
import { m0014_tyre_pressures } from './0014-tyre-pressures';
import { m0015_rental_access_moving } from './0015-rental-access-moving';

export const SCHEMA = 'inventory';

const models = sql.join(VEHICLE_MODELS.map((m) => sql.lit(m)));

const m0001_vehicles: Migration = {
  async up(db) {
    // btree_gist lets the vehicle calendar's exclusion constraint mix `=` on ids with `&&` on ranges.
    await sql`create extension if not exists btree_gist`.execute(db);
    await db.schema
      .withSchema(SCHEMA)
      .createTable('vehicle')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('vin', 'text', (c) => c.notNull().unique())
      .addColumn('model', 'text', (c) => c.notNull().check(sql`model in (${models})`))
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('color', 'text')
      .addColumn('trim', 'text')
      .addColumn('model_year', 'integer')
      .addColumn('in_service', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .withSchema(SCHEMA)
      .createIndex('vehicle_model_idx')
      .on('vehicle')
      .columns(['model', 'in_service'])
      .execute();
  },
  async down(db) {
    await db.schema.withSchema(SCHEMA).dropTable('vehicle').execute();
  },
};

export const inventoryMigrations: SchemaMigrations = {
  schema: SCHEMA,
  migrations: {
    '0001_vehicles': m0001_vehicles,
    '0002_tesla': m0002_tesla,
    '0003_calendar': m0003_calendar,
    '0004_availability_changes': m0004_availability_changes,
    '0005_outbox_telemetry': m0005_outbox_telemetry,
    '0006_referenced_claims': m0006_referenced_claims,
    '0007_vehicle_tesla_access': m0007_vehicle_tesla_access,
    '0008_locations': m0008_locations,
    '0009_sentry_state': m0009_sentry_state,
    '0010_vehicle_commands': m0010_vehicle_commands,
    '0011_rental_access': m0011_rental_access,
    '0012_insights': m0012_insights,
    '0014_tyre_pressures': m0014_tyre_pressures,
    '0015_rental_access_moving': m0015_rental_access_moving,
  },
};
