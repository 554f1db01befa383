import type { VehiclePositionTable } from '../../tables';
import { emptyLiveRow, mergeInPlace, positionAfter, type Observation } from '../live-state/live-state.fold';
import type { LiveStateRow } from '../live-state/live-state.repository';
import type { DecodedTelemetry } from './telemetry-decode';
import type { VehicleOfVin } from './telemetry.repository';
import { statusReasons, type StatusChange } from './vehicle-status';

// The fold of a batch of decoded records into live state, in memory: which observations belong to
// which vehicle, in what order, and what each vehicle's row becomes. No I/O: the ingest service
// reads and writes the rows around it (telemetry-ingest.service.ts).

/** A batch's decoded records by vehicle, and what the ingest counts and bills of them. */
export interface GroupedRecords {
  /** Each known vehicle's observations, in arrival order. */
  byVehicle: Map<string, Observation[]>;
  /** Records carrying billed datums, with their vehicle (billed once the batch committed). */
  billed: { record: DecodedTelemetry; vehicle: VehicleOfVin }[];
  /** Records of VINs that are not in the fleet (skipped). */
  unknownVin: number;
  /** Records with an observation of a known vehicle. */
  folded: number;
  /** `created_at` (ms) of every record, known VIN or not, for lag accounting. */
  createdAtMs: number[];
}

/** Sorts a batch's records out by vehicle (`vehicles`: VIN → vehicle, the known ones). */
export function groupByVehicle(
  records: readonly DecodedTelemetry[],
  vehicles: ReadonlyMap<string, VehicleOfVin>,
): GroupedRecords {
  const grouped: GroupedRecords = {
    byVehicle: new Map(),
    billed: [],
    unknownVin: 0,
    folded: 0,
    createdAtMs: [],
  };
  for (const record of records) {
    grouped.createdAtMs.push(record.createdAt.getTime());
    const vehicle = vehicles.get(record.vin);
    if (!vehicle) {
      grouped.unknownVin++;
      continue;
    }
    if (record.billedSignals > 0) grouped.billed.push({ record, vehicle });
    if (!record.observation) continue;
    let list = grouped.byVehicle.get(vehicle.id);
    if (!list) grouped.byVehicle.set(vehicle.id, (list = []));
    list.push(record.observation);
    grouped.folded++;
  }
  return grouped;
}

/**
 * Puts each vehicle's observations in record-time order (a stable sort keeps arrival order among
 * records of the same instant) and returns the vehicle ids sorted: rows are locked in that order,
 * so two folds never deadlock each other.
 */
export function inFoldOrder(byVehicle: Map<string, Observation[]>): string[] {
  const ids = [...byVehicle.keys()].sort();
  for (const id of ids) {
    const list = byVehicle.get(id);
    // Records mostly arrive in order: sorting (a copy per list) only the lists that are not.
    if (list && !inTimeOrder(list)) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
  return ids;
}

function inTimeOrder(list: readonly Observation[]): boolean {
  for (let i = 1; i < list.length; i++) {
    if ((list[i - 1] as Observation).at.getTime() > (list[i] as Observation).at.getTime()) return false;
  }
  return true;
}

export interface FoldedVehicle {
  state: LiveStateRow;
  positions: VehiclePositionTable[];
  change: StatusChange | null;
}

/**
 * A vehicle's observations (in record-time order) merged onto its row, with the position history
 * and status change they make; null when they change nothing (the columns changed are added to
 * `columns`). An older or repeated observation never moves the state backwards (`merge`).
 */
export function foldVehicle(
  id: string,
  prev: LiveStateRow | undefined,
  observations: readonly Observation[],
  columns: Set<keyof LiveStateRow>,
): FoldedVehicle | null {
  // One copy of the row, folded in place observation after observation (`prev` is the cached row:
  // it must not change unless the write commits).
  const first = observations[0];
  if (!first) return null;
  const state = prev ? { ...prev } : emptyLiveRow(id, first.at);
  let latitude = prev?.latitude ?? null;
  let longitude = prev?.longitude ?? null;
  let last = first.at;
  const positions: VehiclePositionTable[] = [];
  for (const o of observations) {
    mergeInPlace(state, o);
    const position = positionAfter(latitude, longitude, state, o);
    if (position) positions.push(position);
    latitude = state.latitude;
    longitude = state.longitude;
    last = o.at;
  }
  if (prev && !changedColumns(prev, state, columns)) return null;
  const reasons = statusReasons(prev, state);
  return { state, positions, change: reasons.length > 0 ? { row: state, reasons, at: last } : null };
}

/**
 * Whether `b` differs from `a` but for `updated_at` (which the write sets), adding the columns it
 * differs in to `into`. False: nothing to write.
 */
export function changedColumns(a: LiveStateRow, b: LiveStateRow, into: Set<keyof LiveStateRow>): boolean {
  let changed = false;
  // for…in, not Object.keys: no array of 25 keys per vehicle per write.
  for (const k in b) {
    const key = k as keyof LiveStateRow;
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
