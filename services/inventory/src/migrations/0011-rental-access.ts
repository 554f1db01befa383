import { sql, type Migration } from 'kysely';
import { createConsumerTables } from '@cybertacotruck/bus';

/**
 * A renter's access to the car of a reservation, one row per reservation: a state machine the
 * reservation events (through inventory's first inbox) and the rental-access worker move, each step
 * retried with backoff until Tesla agrees. The share link is sealed (it lets whoever holds it drive
 * the car). Geofences: where a rented car may go, per pickup location or per vehicle.
 */
export const m0011_rental_access: Migration = {
  async up(db) {
    await createConsumerTables(db, 'inventory');
    await sql`
      create table inventory.rental_access (
        reservation_id uuid primary key,
        vehicle_id uuid not null references inventory.vehicle (id) on delete cascade,
        customer_id uuid not null,
        vehicle_name text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        time_zone text not null default 'UTC',
        state text not null default 'scheduled'
          check (state in ('scheduled', 'driver_limit', 'invited', 'revoking', 'revoked', 'closed')),
        end_reason text check (end_reason in ('returned', 'cancelled', 'no_show', 'ended', 'operator')),
        picked_up_at timestamptz,
        invite_due_at timestamptz not null,
        invitation_id text,
        share_link_sealed text,
        invitation_expires_at timestamptz,
        drivers_before jsonb not null default '[]'::jsonb,
        invited_at timestamptz,
        revoke_due_at timestamptz,
        revoked_at timestamptz,
        speed_limit text not null default 'off'
          check (speed_limit in ('off', 'activating', 'on', 'deactivating')),
        attempts integer not null default 0,
        next_attempt_at timestamptz,
        last_error text,
        driver_limit_alerted_at timestamptz,
        outside_geofence_since timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (ends_at > starts_at)
      )`.execute(db);
    await sql`create index rental_access_vehicle_idx on inventory.rental_access (vehicle_id, starts_at desc)`.execute(
      db,
    );
    // The worker's question: which open accesses have a step due.
    await sql`create index rental_access_open_idx on inventory.rental_access (next_attempt_at)
      where state in ('scheduled', 'driver_limit', 'invited', 'revoking')`.execute(db);
    await sql`
      create table inventory.geofence (
        scope text not null check (scope in ('location', 'vehicle')),
        scope_id uuid not null,
        shape jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (scope, scope_id)
      )`.execute(db);
  },
  async down(db) {
    await sql`drop table inventory.geofence`.execute(db);
    await sql`drop table inventory.rental_access`.execute(db);
    await sql`drop table inventory.dead_letter`.execute(db);
    await sql`drop table inventory.inbox`.execute(db);
  },
};
