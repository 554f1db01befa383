import type { Transaction } from 'kysely';
import { OutboxRepository } from '@cybertacotruck/bus';
import {
  InventoryEvents,
  type VehicleStatusChangedV1,
  type VehicleStatusReason,
} from '@cybertacotruck/contracts';
import type { InventoryTables } from '../../tables';
import type { LiveStateRow } from '../live-state/live-state.repository';

/** The battery bands a status event marks the crossing of (31 → 29 crosses 30). */
export const BATTERY_BAND = 10;

const band = (level: number) => Math.floor(level / BATTERY_BAND);

/**
 * Why a vehicle's status changed between two live states, if it did: connectivity, a battery band
 * crossed, telemetry resumed after it was reported lost (lost itself is the lost-telemetry worker's).
 * Readings that change nothing an operator acts on give no reason, so no event.
 */
export function statusReasons(prev: LiveStateRow | undefined, next: LiveStateRow): VehicleStatusReason[] {
  const reasons: VehicleStatusReason[] = [];
  if ((prev?.connectivity ?? 'unknown') !== next.connectivity) reasons.push('connectivity');
  const before = prev?.battery_level ?? null;
  const after = next.battery_level;
  if (before !== null && after !== null && band(before) !== band(after)) reasons.push('battery');
  if (prev?.telemetry_lost === true && !next.telemetry_lost) reasons.push('telemetry_resumed');
  return reasons;
}

export interface StatusChange {
  row: LiveStateRow;
  reasons: VehicleStatusReason[];
  at: Date;
}

/**
 * Appends one `inventory.vehicle.status_changed` per change to inventory's outbox with `tx`, the
 * transaction that writes the live state, so the event commits with the change or not at all.
 */
export async function appendStatusEvents(
  tx: Transaction<InventoryTables>,
  changes: StatusChange[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const vehicles = new Map(
    (
      await tx
        .selectFrom('inventory.vehicle')
        .select(['id', 'vin', 'display_name', 'model'])
        .where(
          'id',
          'in',
          changes.map((c) => c.row.vehicle_id),
        )
        .execute()
    ).map((v) => [v.id, v]),
  );
  const outbox = new OutboxRepository<InventoryTables>(tx, 'inventory');
  const events: { key: string; data: VehicleStatusChangedV1; occurredAt: Date }[] = [];
  for (const { row, reasons, at } of changes) {
    const vehicle = vehicles.get(row.vehicle_id);
    if (!vehicle || reasons.length === 0) continue;
    const data: VehicleStatusChangedV1 = {
      vehicleId: vehicle.id,
      vin: vehicle.vin,
      name: vehicle.display_name,
      model: vehicle.model,
      connectivity: row.connectivity,
      streaming: row.streaming,
      batteryLevel: row.battery_level === null ? null : Math.round(row.battery_level),
      rangeMi: row.range_mi,
      lastSeenAt: row.last_seen_at?.toISOString() ?? null,
      reasons,
      at: at.toISOString(),
    };
    events.push({ key: vehicle.id, data, occurredAt: at });
  }
  await outbox.appendMany(InventoryEvents.vehicleStatusChanged, events);
  return events.length;
}
