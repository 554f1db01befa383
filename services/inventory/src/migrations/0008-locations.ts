import { sql, type Migration } from 'kysely';

/**
 * Pickup locations: where renters collect and return cars. A location is archived, never deleted
 * (`on delete restrict` from the vehicle): reservations keep a copy of the one they were booked at,
 * and later work (returns detected at the location, payments by place) refers to it by id.
 * Opening hours are local wall-clock times per weekday (`{mon: [{opens, closes}], …}`) in `time_zone`.
 */
export const m0008_locations: Migration = {
  async up(db) {
    await sql`
      create table inventory.location (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        address jsonb not null,
        latitude double precision not null check (latitude between -90 and 90),
        longitude double precision not null check (longitude between -180 and 180),
        time_zone text not null,
        opening_hours jsonb not null,
        instructions text,
        phone text check (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
    await sql`alter table inventory.vehicle
      add column home_location_id uuid references inventory.location (id) on delete restrict`.execute(db);
    await sql`create index vehicle_home_location_idx on inventory.vehicle (home_location_id)
      where home_location_id is not null`.execute(db);
  },
  async down(db) {
    await sql`alter table inventory.vehicle drop column home_location_id`.execute(db);
    await sql`drop table inventory.location`.execute(db);
  },
};
