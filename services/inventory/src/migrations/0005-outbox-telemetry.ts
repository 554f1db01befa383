import { sql, type Migration } from 'kysely';
import { createOutboxTable } from '@cybertacotruck/bus';

/**
 * Inventory's outbox (`inventory.vehicle.status_changed` events commit with the live-state write
 * that caused them) and what "telemetry lost" needs per vehicle: when the last streamed record was
 * folded in, and whether the vehicle has been reported silent (reported once; the next record
 * reports it resumed).
 */
export const m0005_outbox_telemetry: Migration = {
  async up(db) {
    await createOutboxTable(db, 'inventory');
    await sql`
      alter table inventory.vehicle_live_state
        add column last_telemetry_at timestamptz,
        add column telemetry_lost boolean not null default false`.execute(db);
  },
  async down(db) {
    await sql`
      alter table inventory.vehicle_live_state
        drop column last_telemetry_at,
        drop column telemetry_lost`.execute(db);
    await sql`drop table inventory.outbox`.execute(db);
  },
};
