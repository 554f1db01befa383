import { sql, type Migration } from 'kysely';

/**
 * A booking moved to another car after its driver invitation was sent: the row keeps the invited
 * car (whose invitation and driver must be revoked) and names the car it moves to until the worker
 * has done so (state `moving`), then it is scheduled again on the new car.
 */
export const m0015_rental_access_moving: Migration = {
  async up(db) {
    await sql`alter table inventory.rental_access
      drop constraint rental_access_state_check,
      add constraint rental_access_state_check
        check (state in ('scheduled', 'driver_limit', 'invited', 'moving', 'revoking', 'revoked', 'closed')),
      add column moving_to_vehicle_id uuid references inventory.vehicle (id) on delete cascade,
      add column moving_to_vehicle_name text,
      add constraint rental_access_moving_check
        check ((state = 'moving') = (moving_to_vehicle_id is not null and moving_to_vehicle_name is not null))`.execute(
      db,
    );
    await sql`drop index inventory.rental_access_open_idx`.execute(db);
    await sql`create index rental_access_open_idx on inventory.rental_access (next_attempt_at)
      where state in ('scheduled', 'driver_limit', 'invited', 'moving', 'revoking')`.execute(db);
  },
  async down(db) {
    await sql`drop index inventory.rental_access_open_idx`.execute(db);
    await sql`create index rental_access_open_idx on inventory.rental_access (next_attempt_at)
      where state in ('scheduled', 'driver_limit', 'invited', 'revoking')`.execute(db);
    await sql`alter table inventory.rental_access
      drop constraint rental_access_moving_check,
      drop column moving_to_vehicle_name,
      drop column moving_to_vehicle_id,
      drop constraint rental_access_state_check,
      add constraint rental_access_state_check
        check (state in ('scheduled', 'driver_limit', 'invited', 'revoking', 'revoked', 'closed'))`.execute(
      db,
    );
  },
};
