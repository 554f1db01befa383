import type { Kysely } from 'kysely';
import type { Logger } from '@cybertacotruck/platform';
import type { BillableEvent } from '@cybertacotruck/tesla';
import type { InventoryTables, VehiclePositionTable } from '../../tables';
import type { LiveStateRow } from '../tesla/live-state.repository';
import { merge, positionOf, type Observation } from '../tesla/live-state.service';
import {
  decodeTelemetry,
  UndecodableTelemetryError,
  type DecodedTelemetry,
  type RawTelemetryRecord,
  type TelemetryKind,
} from './telemetry-decode';
import { TelemetryRepository, type VehicleOfVin } from './telemetry.repository';
import { appendStatusEvents, statusReasons, type StatusChange } from './vehicle-status';

export interface IngestResult {
  records: number;
  undecodable: number;
  /** The record type of each undecodable record. */
  undecodableKinds: TelemetryKind[];
  /** Records of VINs that are not in the fleet (skipped). */
  unknownVin: number;
  /** Records folded into a vehicle's state (newer or not: older ones change nothing). */
  folded: number;
  vehicles: number;
  rowsWritten: number;
  positions: number;
  events: number;
  /** `created_at` (ms) of every decoded record, for lag accounting once the write committed. */
  createdAtMs: number[];
}

export interface TelemetryIngestOptions {
  /** Where streamed datums are billed (TESLA.md "Billing"): the runtime's CostMeter. */
  meter?: { record(e: BillableEvent): void };
  logger: Logger;
  /** How long a VIN not in the fleet is remembered as unknown (default 60 s). */
  unknownVinTtlMs?: number;
}

const KNOWN_VIN_TTL_MS = 5 * 60_000;

/**
 * Folds batches of Fleet Telemetry records into live state: decode, VIN → vehicle (cached), one
 * locked read of the batch's vehicles, every observation merged in memory in record-time order (an
 * older or repeated record never moves state backwards: `merge` drops stale data), then one
 * multi-row upsert of the rows that changed, one insert of position history and the status events,
 * all in one transaction. Idempotent, so a batch delivered twice folds to the same state.
 */
export class TelemetryIngestService {
  readonly repo: TelemetryRepository;
  private readonly vins = new Map<string, { vehicle: VehicleOfVin | null; until: number }>();

  constructor(
    private readonly db: Kysely<InventoryTables>,
    private readonly options: TelemetryIngestOptions,
  ) {
    this.repo = new TelemetryRepository(db);
  }

  /** Forgets VINs remembered as unknown (a vehicle was just imported). */
  forgetUnknownVins(): void {
    for (const [vin, entry] of this.vins) if (!entry.vehicle) this.vins.delete(vin);
  }

  private async resolveVins(vins: Iterable<string>): Promise<Map<string, VehicleOfVin>> {
    const now = Date.now();
    const found = new Map<string, VehicleOfVin>();
    const missing: string[] = [];
    for (const vin of vins) {
      const cached = this.vins.get(vin);
      if (cached && cached.until > now) {
        if (cached.vehicle) found.set(vin, cached.vehicle);
      } else missing.push(vin);
    }
    if (missing.length > 0) {
      const rows = await this.repo.vehiclesByVin(missing);
      const byVin = new Map(rows.map((r) => [r.vin, r]));
      for (const vin of missing) {
        const vehicle = byVin.get(vin) ?? null;
        this.vins.set(vin, {
          vehicle,
          until: now + (vehicle ? KNOWN_VIN_TTL_MS : (this.options.unknownVinTtlMs ?? 60_000)),
        });
        if (vehicle) found.set(vin, vehicle);
      }
    }
    return found;
  }

  async ingest(records: RawTelemetryRecord[]): Promise<IngestResult> {
    const result: IngestResult = {
      records: records.length,
      undecodable: 0,
      undecodableKinds: [],
      unknownVin: 0,
      folded: 0,
      vehicles: 0,
      rowsWritten: 0,
      positions: 0,
      events: 0,
      createdAtMs: [],
    };
    const decoded: DecodedTelemetry[] = [];
    for (const raw of records) {
      try {
        decoded.push(decodeTelemetry(raw));
      } catch (error) {
        if (!(error instanceof UndecodableTelemetryError)) throw error;
        result.undecodable++;
        result.undecodableKinds.push(error.kind);
        // Why, never the payload (it may carry a location).
        this.options.logger.warn(
          { kind: error.kind, reason: error.message },
          'skipping an undecodable telemetry record',
        );
      }
    }
    const vehicles = await this.resolveVins(new Set(decoded.map((d) => d.vin)));
    const byVehicle = new Map<string, Observation[]>();
    const billed: { record: DecodedTelemetry; vehicle: VehicleOfVin }[] = [];
    for (const record of decoded) {
      result.createdAtMs.push(record.createdAt.getTime());
      const vehicle = vehicles.get(record.vin);
      if (!vehicle) {
        result.unknownVin++;
        continue;
      }
      if (record.billedSignals > 0) billed.push({ record, vehicle });
      if (!record.observation) continue;
      let list = byVehicle.get(vehicle.id);
      if (!list) byVehicle.set(vehicle.id, (list = []));
      list.push(record.observation);
      result.folded++;
    }
    result.vehicles = byVehicle.size;
    if (byVehicle.size > 0) await this.fold(byVehicle, result);
    // Billed once the batch committed: a batch that failed is delivered (and billed) again.
    const meter = this.options.meter;
    if (meter) {
      for (const { record, vehicle } of billed) {
        if (vehicle.connectionId === null) continue;
        meter.record({
          connectionId: vehicle.connectionId,
          vin: record.vin,
          category: 'signal',
          count: record.billedSignals,
          at: record.createdAt,
        });
      }
    }
    return result;
  }

  private async fold(byVehicle: Map<string, Observation[]>, result: IngestResult): Promise<void> {
    const ids = [...byVehicle.keys()].sort();
    await this.db.transaction().execute(async (tx) => {
      const current = new Map((await this.repo.lockLiveStates(tx, ids)).map((r) => [r.vehicle_id, r]));
      const changed: LiveStateRow[] = [];
      const created: LiveStateRow[] = [];
      // The columns any existing row changed in: the UPDATE sets (and ships) only those.
      const columns = new Set<keyof LiveStateRow>();
      const positions: VehiclePositionTable[] = [];
      const changes: StatusChange[] = [];
      for (const id of ids) {
        const observations = byVehicle.get(id) ?? [];
        // Record-time order; a stable sort keeps arrival order among records of the same instant.
        observations.sort((a, b) => a.at.getTime() - b.at.getTime());
        const prev = current.get(id);
        let state = prev;
        let last: Date | undefined;
        for (const o of observations) {
          const next = merge(id, state, o);
          const position = positionOf(state, next, o);
          if (position) positions.push(position);
          state = next;
          last = o.at;
        }
        if (!state || !last) continue;
        if (prev && !changedColumns(prev, state, columns)) continue;
        (prev ? changed : created).push(state);
        const reasons = statusReasons(prev, state);
        if (reasons.length > 0) changes.push({ row: state, reasons, at: last });
      }
      result.rowsWritten = await this.repo.writeLiveStates(tx, changed, created, columns);
      await this.repo.insertPositions(tx, positions);
      result.positions = positions.length;
      result.events = await appendStatusEvents(tx, changes);
    });
  }

  /**
   * Reports streaming vehicles silent for `lostAfterMs` (once each; their next record reports them
   * resumed): `telemetry_lost` events in the transaction that marks them.
   */
  async markTelemetryLost(now: Date, lostAfterMs: number): Promise<number> {
    const cutoff = new Date(now.getTime() - lostAfterMs);
    const count = await this.db.transaction().execute(async (tx) => {
      const rows = await this.repo.markTelemetryLost(tx, cutoff);
      return appendStatusEvents(
        tx,
        rows.map((row) => ({ row, reasons: ['telemetry_lost'], at: now })),
      );
    });
    if (count > 0) this.options.logger.info({ vehicles: count }, 'telemetry lost');
    return count;
  }
}

/**
 * Whether `b` differs from `a` but for `updated_at` (which the write sets), adding the columns it
 * differs in to `into`. False: nothing to write.
 */
function changedColumns(a: LiveStateRow, b: LiveStateRow, into: Set<keyof LiveStateRow>): boolean {
  let changed = false;
  for (const key of Object.keys(b) as (keyof LiveStateRow)[]) {
    if (key === 'updated_at') continue;
    const x = a[key];
    const y = b[key];
    const same =
      x instanceof Date || y instanceof Date
        ? x instanceof Date && y instanceof Date && x.getTime() === y.getTime()
        : x === y;
    if (same) continue;
    changed = true;
    into.add(key);
  }
  return changed;
}
