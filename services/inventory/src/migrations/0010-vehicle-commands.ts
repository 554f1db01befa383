import { sql, type Migration } from 'kysely';

/**
 * The command log: every command the app sent (or refused to send) to a car, who asked (an
 * operator, a renter within their reservation, the system's own workers), the result and reason,
 * whether the car had to be woken, and what it cost at Tesla's list prices (micro-dollars).
 * Also the ready-at-pickup worker's memory of what it did for each booking (by claim id, without a
 * foreign key: the calendar's claims may be truncated or rewritten; a stale row does no harm).
 */
export const m0010_vehicle_commands: Migration = {
  async up(db) {
    await sql`
      create table inventory.vehicle_commands (
        id uuid primary key default gen_random_uuid(),
        vehicle_id uuid not null references inventory.vehicle (id) on delete cascade,
        command text not null,
        params jsonb not null default '{}'::jsonb,
        actor_kind text not null check (actor_kind in ('operator', 'renter', 'system')),
        actor_id text not null,
        reservation_id text,
        result text not null check (result in ('ok', 'refused', 'failed')),
        reason text not null default '',
        woke boolean not null default false,
        cost_microusd integer not null default 0 check (cost_microusd >= 0),
        at timestamptz not null default now()
      )`.execute(db);
    await sql`create index vehicle_commands_vehicle_at_idx on inventory.vehicle_commands (vehicle_id, at desc)`.execute(
      db,
    );
    await sql`
      create table inventory.pickup_readiness (
        claim_id uuid primary key,
        vehicle_id uuid not null references inventory.vehicle (id) on delete cascade,
        pickup_at timestamptz not null,
        projected_percent double precision,
        target_percent integer not null,
        limit_raised_at timestamptz,
        charge_started_at timestamptz,
        preconditioned_at timestamptz,
        alerted_at timestamptz,
        checked_at timestamptz not null default now()
      )`.execute(db);
  },
  async down(db) {
    await sql`drop table inventory.pickup_readiness`.execute(db);
    await sql`drop table inventory.vehicle_commands`.execute(db);
  },
};
