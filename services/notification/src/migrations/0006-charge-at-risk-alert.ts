import { sql, type Migration } from 'kysely';

/** Alerts may now say a booked car will not reach its charge target at pickup (`charge_at_risk`). */
export const m0006_charge_at_risk_alert: Migration = {
  async up(db) {
    await sql`alter table notification.alert drop constraint alert_reason_check`.execute(db);
    await sql`alter table notification.alert add constraint alert_reason_check
      check (reason in ('low_charge', 'offline', 'telemetry_lost', 'booking_lost', 'charge_at_risk'))`.execute(
      db,
    );
  },
};
