import { sql, type Migration } from 'kysely';

/**
 * Alerts may now say a rented car could not get the renter's key (`driver_limit`: Tesla's five
 * drivers) or left its geofence (`geofence_exit`): operators were told by message only, with
 * nothing to find on the Alerts page afterwards.
 */
export const m0007_rental_access_alerts: Migration = {
  async up(db) {
    await sql`alter table notification.alert drop constraint alert_reason_check`.execute(db);
    await sql`alter table notification.alert add constraint alert_reason_check
      check (reason in ('low_charge', 'offline', 'telemetry_lost', 'booking_lost', 'charge_at_risk',
        'driver_limit', 'geofence_exit'))`.execute(db);
  },
};
