import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { InventoryTables, VehicleLiveStateTable, VehiclePositionTable } from '../../tables';
import type { TrackPoint, VehicleLiveState } from './live-state.types';

export type { TrackPoint, VehicleLiveState } from './live-state.types';

/**
 * The stored row. Only the fold that writes live state works on it (live-state.fold.ts, and the
 * telemetry fold, which writes rows in bulk); everything that reads gets a `VehicleLiveState`.
 */
export type LiveStateRow = Selectable<VehicleLiveStateTable>;
export type DbOrTx = Kysely<InventoryTables> | Transaction<InventoryTables>;

export const toLiveState = (r: LiveStateRow): VehicleLiveState => ({
  vehicleId: r.vehicle_id,
  connectivity: r.connectivity,
  activity: r.activity,
  latitude: r.latitude,
  longitude: r.longitude,
  heading: r.heading,
  speedMph: r.speed_mph,
  batteryLevel: r.battery_level,
  rangeMi: r.range_mi,
  chargingState: r.charging_state,
  chargeLimitSoc: r.charge_limit_soc,
  minutesToFull: r.minutes_to_full,
  locked: r.locked,
  sentryMode: r.sentry_mode,
  sentryState: r.sentry_state,
  odometerMi: r.odometer_mi,
  tyrePressureBar: { fl: r.tpms_fl_bar, fr: r.tpms_fr_bar, rl: r.tpms_rl_bar, rr: r.tpms_rr_bar },
  softwareVersion: r.software_version,
  streaming: r.streaming,
  lastSeenAt: r.last_seen_at,
  activitySince: r.activity_since,
  dataAsOf: r.data_as_of,
  lastPolledAt: r.last_polled_at,
  lastTelemetryAt: r.last_telemetry_at,
  telemetryLost: r.telemetry_lost,
});

const toTrackPoint = (p: Selectable<VehiclePositionTable>): TrackPoint => ({
  at: p.at,
  latitude: p.latitude,
  longitude: p.longitude,
  speedMph: p.speed_mph,
  heading: p.heading,
  batteryLevel: p.battery_level,
});

export class LiveStateRepository {
  constructor(readonly db: Kysely<InventoryTables>) {}

  // The fold's side: rows, inside the caller's transaction.

  async getForUpdate(tx: DbOrTx, vehicleId: string): Promise<LiveStateRow | undefined> {
    return tx
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .forUpdate()
      .executeTakeFirst();
  }

  async save(tx: DbOrTx, row: Insertable<VehicleLiveStateTable>): Promise<void> {
    const { vehicle_id: _id, ...rest } = row;
    await tx
      .insertInto('inventory.vehicle_live_state')
      .values(row)
      .onConflict((oc) => oc.column('vehicle_id').doUpdateSet({ ...rest, updated_at: new Date() }))
      .execute();
  }

  async addPosition(tx: DbOrTx, row: VehiclePositionTable): Promise<void> {
    await tx
      .insertInto('inventory.vehicle_position')
      .values(row)
      .onConflict((oc) => oc.columns(['vehicle_id', 'at']).doNothing())
      .execute();
  }

  // The readers' side: domain objects.

  async forVehicles(vehicleIds: string[]): Promise<VehicleLiveState[]> {
    if (vehicleIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', 'in', vehicleIds)
      .execute();
    return rows.map(toLiveState);
  }

  async all(): Promise<VehicleLiveState[]> {
    const rows = await this.db.selectFrom('inventory.vehicle_live_state').selectAll().execute();
    return rows.map(toLiveState);
  }

  async byVehicle(vehicleId: string): Promise<VehicleLiveState | undefined> {
    const row = await this.db
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .executeTakeFirst();
    return row && toLiveState(row);
  }

  /** The newest `limit` positions since `since`, oldest first. */
  async positions(vehicleId: string, since: Date, limit: number): Promise<TrackPoint[]> {
    const rows = await this.db
      .selectFrom('inventory.vehicle_position')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(toTrackPoint);
  }

  /**
   * Deletes at most `limit` positions recorded before `cutoff` (one short transaction, however
   * much history a fleet piled up); returns how many. Run again until it deletes fewer than `limit`.
   */
  async purgePositionsBefore(cutoff: Date, limit: number): Promise<number> {
    const result = await sql`
      delete from inventory.vehicle_position p
      using (
        select vehicle_id, at from inventory.vehicle_position
        where at < ${cutoff.toISOString()}::timestamptz
        limit ${limit}
      ) old
      where p.vehicle_id = old.vehicle_id and p.at = old.at`.execute(this.db);
    return Number(result.numAffectedRows ?? 0n);
  }
}
