import { sql, type Migration } from 'kysely';

/**
 * Tyre pressures in the live state (issue 17 item 4: the pickup and return readings list them):
 * bar per tyre, as Fleet Telemetry streams them (TpmsPressureFl/Fr/Rl/Rr) and vehicle_data's
 * vehicle_state reports them (tpms_pressure_fl/…). Null until the car reports that tyre.
 */
export const m0014_tyre_pressures: Migration = {
  async up(db) {
    await sql`alter table inventory.vehicle_live_state
      add column tpms_fl_bar double precision,
      add column tpms_fr_bar double precision,
      add column tpms_rl_bar double precision,
      add column tpms_rr_bar double precision`.execute(db);
  },
  async down(db) {
    await sql`alter table inventory.vehicle_live_state
      drop column tpms_fl_bar, drop column tpms_fr_bar, drop column tpms_rl_bar, drop column tpms_rr_bar`.execute(
      db,
    );
  },
};
