import { sql, type Migration } from 'kysely';

const SCHEMA = 'inventory';

/**
 * The vehicle calendar: holds, bookings and maintenance blocks on half-open `[from, to)` ranges.
 * The exclusion constraint is the guarantee against double-booking: whatever the code above does,
 * two active claims on one vehicle cannot overlap.
 */
export const m0003_calendar: Migration = {
  async up(db) {
    const s = db.schema.withSchema(SCHEMA);
    await s
      .createTable('vehicle_claim')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('vehicle_id', 'uuid', (c) => c.notNull().references(`${SCHEMA}.vehicle.id`))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('hold', 'booking', 'maintenance')`))
      // Bounded, non-empty and [) on both engines: every overlap test means the same thing.
      .addColumn('period', sql`tstzrange`, (c) =>
        c
          .notNull()
          .check(
            sql`not isempty(period) and lower_inc(period) and not upper_inc(period) and not upper_inf(period)`,
          ),
      )
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('active')
          .check(sql`status in ('active', 'released', 'expired')`),
      )
      .addColumn('reference', 'text')
      .addColumn('expires_at', 'timestamptz')
      .addColumn('note', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // Only holds expire; a confirmed hold (a booking) and a maintenance block never do.
      .addCheckConstraint('vehicle_claim_expiry_check', sql`(kind = 'hold') = (expires_at is not null)`)
      .execute();

    await sql`
      alter table ${sql.table(`${SCHEMA}.vehicle_claim`)}
        add constraint vehicle_claim_no_overlap
        exclude using gist (vehicle_id with =, period with &&) where (status = 'active')
    `.execute(db);

    // Because active claims on a vehicle never overlap, "is it free in [from, to)?" needs only the
    // first active claim ending after `from`: free iff that claim starts at or after `to`. This
    // index finds it in one descent (an index-only scan), and serves the timeline and the FK.
    await sql`
      create index vehicle_claim_vehicle_end_idx on ${sql.table(`${SCHEMA}.vehicle_claim`)}
        (vehicle_id, upper(period)) include (period, status, kind, expires_at)
    `.execute(db);
    // The expiry sweeper reads only live holds.
    await s
      .createIndex('vehicle_claim_hold_expiry_idx')
      .on('vehicle_claim')
      .column('expires_at')
      .where(sql.ref('status'), '=', 'active')
      .where(sql.ref('kind'), '=', 'hold')
      .execute();
    // Availability lists vehicles in service by name (of one model, or all) and stops at the page size.
    await s
      .createIndex('vehicle_in_service_name_idx')
      .on('vehicle')
      .columns(['display_name', 'id'])
      .where(sql.ref('in_service'), '=', true)
      .execute();
    await s
      .createIndex('vehicle_in_service_model_name_idx')
      .on('vehicle')
      .columns(['model', 'display_name', 'id'])
      .where(sql.ref('in_service'), '=', true)
      .execute();
    // A search near a point reads only the vehicles inside the radius's bounding box.
    await sql`
      create index vehicle_live_state_position_idx on ${sql.table(`${SCHEMA}.vehicle_live_state`)}
        using gist (point(longitude, latitude))
    `.execute(db);
  },
  async down(db) {
    const s = db.schema.withSchema(SCHEMA);
    await s.dropIndex('vehicle_live_state_position_idx').execute();
    await s.dropIndex('vehicle_in_service_model_name_idx').execute();
    await s.dropIndex('vehicle_in_service_name_idx').execute();
    await s.dropTable('vehicle_claim').execute();
  },
};
