import { sql, type Migration } from 'kysely';

/** Alerts may now say a confirmed reservation lost its calendar booking (`booking_lost`). */
export const m0003_booking_lost_alert: Migration = {
  async up(db) {
    await sql`alter table notification.alert drop constraint alert_reason_check`.execute(db);
    await sql`alter table notification.alert add constraint alert_reason_check
      check (reason in ('low_charge', 'offline', 'telemetry_lost', 'booking_lost'))`.execute(db);
  },
};
