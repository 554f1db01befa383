import { sql, type Migration } from 'kysely';

/**
 * Where the renter collects the car: the vehicle's home location as inventory described it when the
 * car was held (contracts' PickupLocation, with its id). A copy, so the reservation page, its events
 * and its calendar file say where it was booked even if the operator later moves the car or archives
 * the place; null for reservations from before locations, or a vehicle without a home.
 */
export const m0004_pickup_location: Migration = {
  async up(db) {
    await sql`alter table reservation.reservation add column pickup_location jsonb`.execute(db);
  },
  async down(db) {
    await sql`alter table reservation.reservation drop column pickup_location`.execute(db);
  },
};
