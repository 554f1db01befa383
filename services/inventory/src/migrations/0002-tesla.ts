import { sql, type Migration } from 'kysely';

const SCHEMA = 'inventory';

/**
 * Tesla accounts, the vehicles imported from them, their live state and position history, the
 * single-use OAuth `state`s of sign-ins in flight, and the Fleet API usage the bill is made of.
 */
export const m0002_tesla: Migration = {
  async up(db) {
    const s = db.schema.withSchema(SCHEMA);
    await s
      .createTable('tesla_connection')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('subject', 'text', (c) => c.notNull().unique())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull().check(sql`region in ('na', 'eu', 'cn')`))
      .addColumn('fleet_api_base_url', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('connected', 'needs_reconsent', 'disconnected')`),
      )
      .addColumn('status_reason', 'text')
      .addColumn('scopes', sql`text[]`, (c) => c.notNull())
      // Sealed with SecretBox (AES-256-GCM); the key id is part of each sealed value.
      .addColumn('access_token_sealed', 'text', (c) => c.notNull())
      .addColumn('refresh_token_sealed', 'text', (c) => c.notNull())
      // SHA-256 of the refresh token: the compare-and-swap key for rotation, without decrypting.
      .addColumn('refresh_token_hash', 'text', (c) => c.notNull())
      .addColumn('access_token_expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_synced_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await s
      .createTable('tesla_oauth_state')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('code_verifier_sealed', 'text')
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await s
      .alterTable('vehicle')
      .addColumn('tesla_connection_id', 'uuid', (c) =>
        c.references(`${SCHEMA}.tesla_connection.id`).onDelete('set null'),
      )
      .addColumn('tesla_vehicle_id', 'text')
      .execute();

    await s
      .createTable('vehicle_live_state')
      .addColumn('vehicle_id', 'uuid', (c) =>
        c.primaryKey().references(`${SCHEMA}.vehicle.id`).onDelete('cascade'),
      )
      .addColumn('connectivity', 'text', (c) =>
        c.notNull().check(sql`connectivity in ('online', 'asleep', 'offline', 'unknown')`),
      )
      .addColumn('activity', 'text', (c) =>
        c.notNull().check(sql`activity in ('driving', 'charging', 'parked', 'unknown')`),
      )
      .addColumn('latitude', 'float8')
      .addColumn('longitude', 'float8')
      .addColumn('heading', 'float8')
      .addColumn('speed_mph', 'float8')
      .addColumn('battery_level', 'float8')
      .addColumn('range_mi', 'float8')
      .addColumn('charging_state', 'text')
      .addColumn('charge_limit_soc', 'float8')
      .addColumn('minutes_to_full', 'float8')
      .addColumn('locked', 'boolean')
      .addColumn('sentry_mode', 'boolean')
      .addColumn('odometer_mi', 'float8')
      .addColumn('software_version', 'text')
      .addColumn('streaming', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('last_seen_at', 'timestamptz')
      // When the vehicle last changed what it is doing: the sync policy lets a car idle, then sleep.
      .addColumn('activity_since', 'timestamptz')
      // Newest source timestamp folded in: older records never move the state backwards.
      .addColumn('data_as_of', 'timestamptz')
      .addColumn('last_polled_at', 'timestamptz')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await s
      .createTable('vehicle_position')
      .addColumn('vehicle_id', 'uuid', (c) =>
        c.notNull().references(`${SCHEMA}.vehicle.id`).onDelete('cascade'),
      )
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('latitude', 'float8', (c) => c.notNull())
      .addColumn('longitude', 'float8', (c) => c.notNull())
      .addColumn('speed_mph', 'float8')
      .addColumn('heading', 'float8')
      .addColumn('battery_level', 'float8')
      .addPrimaryKeyConstraint('vehicle_position_pk', ['vehicle_id', 'at'])
      .execute();

    await s
      .createTable('tesla_usage')
      .addColumn('connection_id', 'uuid', (c) =>
        c.notNull().references(`${SCHEMA}.tesla_connection.id`).onDelete('cascade'),
      )
      .addColumn('vin', 'text', (c) => c.notNull()) // '' for account-level calls (e.g. the vehicle list)
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('category', 'text', (c) =>
        c.notNull().check(sql`category in ('data', 'command', 'wake', 'signal')`),
      )
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('tesla_usage_pk', ['connection_id', 'vin', 'day', 'category'])
      .execute();
  },
  async down(db) {
    const s = db.schema.withSchema(SCHEMA);
    await s.dropTable('tesla_usage').execute();
    await s.dropTable('vehicle_position').execute();
    await s.dropTable('vehicle_live_state').execute();
    await s.alterTable('vehicle').dropColumn('tesla_vehicle_id').dropColumn('tesla_connection_id').execute();
    await s.dropTable('tesla_oauth_state').execute();
    await s.dropTable('tesla_connection').execute();
  },
};
