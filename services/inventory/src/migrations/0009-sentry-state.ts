import { sql, type Migration } from 'kysely';

/**
 * Sentry mode's state, not only on/off: Fleet Telemetry streams it typed (Off, Idle, Armed, Aware,
 * Panic, Quiet); a car in Panic is sounding its alarm, which an operator must see as such. Null when
 * only a poll's on/off is known for a car whose sentry mode is on.
 */
export const m0009_sentry_state: Migration = {
  async up(db) {
    await sql`alter table inventory.vehicle_live_state add column sentry_state text
      check (sentry_state in ('off', 'idle', 'armed', 'aware', 'panic', 'quiet'))`.execute(db);
  },
  async down(db) {
    await sql`alter table inventory.vehicle_live_state drop column sentry_state`.execute(db);
  },
};
