import { sql, type Migration } from 'kysely';

/**
 * Per vehicle, what Tesla says about the app's access (`fleet_status`: virtual key paired, Vehicle
 * Command Protocol required, firmware, Fleet Telemetry version) and where its streaming stands:
 * not configured, configured and waiting for the car to take it (`pending`), `synced`, or `skipped`
 * with Tesla's reason, plus the errors the car reported. Enough to retry a skipped car only when
 * its reason may have gone away, and to re-send a configuration only when it changed or expires.
 */
export const m0007_vehicle_tesla_access: Migration = {
  async up(db) {
    await sql`
      create table inventory.vehicle_tesla_access (
        vehicle_id uuid primary key references inventory.vehicle (id) on delete cascade,
        key_paired boolean,
        command_protocol_required boolean,
        firmware_version text,
        telemetry_version text,
        status_checked_at timestamptz,
        streaming_state text not null default 'not_configured'
          check (streaming_state in ('not_configured', 'pending', 'synced', 'skipped')),
        skip_reason text,
        skipped_at timestamptz,
        skipped_firmware text,
        config_hash text,
        config_expires_at timestamptz,
        configured_at timestamptz,
        config_checked_at timestamptz,
        telemetry_errors jsonb not null default '[]'::jsonb,
        errors_checked_at timestamptz,
        updated_at timestamptz not null default now(),
        check ((streaming_state = 'skipped') = (skip_reason is not null))
      )`.execute(db);
  },
  async down(db) {
    await sql`drop table inventory.vehicle_tesla_access`.execute(db);
  },
};
