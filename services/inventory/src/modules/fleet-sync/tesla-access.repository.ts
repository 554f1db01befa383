import type { Kysely, Selectable } from 'kysely';
import type { InventoryTables, StreamingState, VehicleTeslaAccessTable } from '../../tables';

export interface TelemetryErrorRecord {
  name: string;
  error: string;
  createdAt: string | null;
}

/** What Tesla says about the app's access to one vehicle, and where its streaming stands. */
export interface VehicleTeslaAccess {
  vehicleId: string;
  keyPaired: boolean | null;
  commandProtocolRequired: boolean | null;
  firmwareVersion: string | null;
  telemetryVersion: string | null;
  statusCheckedAt: Date | null;
  streamingState: StreamingState;
  skipReason: string | null;
  skippedAt: Date | null;
  /** The firmware the car ran when Tesla skipped it (an update may lift `unsupported_firmware`). */
  skippedFirmware: string | null;
  configHash: string | null;
  configExpiresAt: Date | null;
  configuredAt: Date | null;
  configCheckedAt: Date | null;
  telemetryErrors: TelemetryErrorRecord[];
  errorsCheckedAt: Date | null;
}

export interface LinkedVehicle {
  id: string;
  vin: string;
  displayName: string;
  connectionId: string | null;
}

export type TeslaAccessPatch = Partial<Omit<VehicleTeslaAccess, 'vehicleId'>>;

export const blankAccess = (vehicleId: string): VehicleTeslaAccess => ({
  vehicleId,
  keyPaired: null,
  commandProtocolRequired: null,
  firmwareVersion: null,
  telemetryVersion: null,
  statusCheckedAt: null,
  streamingState: 'not_configured',
  skipReason: null,
  skippedAt: null,
  skippedFirmware: null,
  configHash: null,
  configExpiresAt: null,
  configuredAt: null,
  configCheckedAt: null,
  telemetryErrors: [],
  errorsCheckedAt: null,
});

const toRecord = (r: Selectable<VehicleTeslaAccessTable>): VehicleTeslaAccess => ({
  vehicleId: r.vehicle_id,
  keyPaired: r.key_paired,
  commandProtocolRequired: r.command_protocol_required,
  firmwareVersion: r.firmware_version,
  telemetryVersion: r.telemetry_version,
  statusCheckedAt: r.status_checked_at,
  streamingState: r.streaming_state,
  skipReason: r.skip_reason,
  skippedAt: r.skipped_at,
  skippedFirmware: r.skipped_firmware,
  configHash: r.config_hash,
  configExpiresAt: r.config_expires_at,
  configuredAt: r.configured_at,
  configCheckedAt: r.config_checked_at,
  telemetryErrors: Array.isArray(r.telemetry_errors) ? r.telemetry_errors : [],
  errorsCheckedAt: r.errors_checked_at,
});

const COLUMNS: Record<keyof TeslaAccessPatch, keyof VehicleTeslaAccessTable> = {
  keyPaired: 'key_paired',
  commandProtocolRequired: 'command_protocol_required',
  firmwareVersion: 'firmware_version',
  telemetryVersion: 'telemetry_version',
  statusCheckedAt: 'status_checked_at',
  streamingState: 'streaming_state',
  skipReason: 'skip_reason',
  skippedAt: 'skipped_at',
  skippedFirmware: 'skipped_firmware',
  configHash: 'config_hash',
  configExpiresAt: 'config_expires_at',
  configuredAt: 'configured_at',
  configCheckedAt: 'config_checked_at',
  telemetryErrors: 'telemetry_errors',
  errorsCheckedAt: 'errors_checked_at',
};

/** `inventory.vehicle_tesla_access`: one row per vehicle, written field by field. */
export class TeslaAccessRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async forVehicles(vehicleIds: readonly string[]): Promise<VehicleTeslaAccess[]> {
    if (vehicleIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('inventory.vehicle_tesla_access')
      .selectAll()
      .where('vehicle_id', 'in', [...vehicleIds])
      .execute();
    return rows.map(toRecord);
  }

  /** Every vehicle imported from a Tesla account, with its access row (blank when none yet). */
  async linked(): Promise<Array<{ vehicle: LinkedVehicle; access: VehicleTeslaAccess }>> {
    const vehicles = await this.db
      .selectFrom('inventory.vehicle')
      .select(['id', 'vin', 'display_name', 'tesla_connection_id'])
      .where('tesla_connection_id', 'is not', null)
      .orderBy('display_name')
      .orderBy('vin')
      .execute();
    const rows = new Map((await this.forVehicles(vehicles.map((v) => v.id))).map((r) => [r.vehicleId, r]));
    return vehicles.map((v) => ({
      vehicle: { id: v.id, vin: v.vin, displayName: v.display_name, connectionId: v.tesla_connection_id },
      access: rows.get(v.id) ?? blankAccess(v.id),
    }));
  }

  /** Writes the given fields (inserting the row the first time); the others keep their values. */
  async save(vehicleId: string, patch: TeslaAccessPatch): Promise<void> {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch) as [keyof TeslaAccessPatch, unknown][]) {
      if (value === undefined) continue;
      const column = COLUMNS[key];
      values[column] = key === 'telemetryErrors' ? JSON.stringify(value) : value;
    }
    await this.db
      .insertInto('inventory.vehicle_tesla_access')
      .values({ vehicle_id: vehicleId, ...values } as never)
      .onConflict((oc) => oc.column('vehicle_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  }
}
