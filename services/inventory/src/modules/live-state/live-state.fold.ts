import type { SentryState } from '@cybertacotruck/contracts';
import {
  CHARGER_STATES,
  type SentryModeStateName,
  type VehicleData,
  type VehicleOnlineState,
  type VehicleSignals,
} from '@cybertacotruck/tesla';
import type { Activity, Connectivity, VehiclePositionTable } from '../../tables';
import { METRES_PER_MILE, milesBetween } from './geo';
import type { LiveStateRow } from './live-state.repository';

// The fold of observations into live state, on the stored row: what LiveStateService.apply (polls,
// vehicle lists) and the telemetry fold (streamed records, written in bulk) both apply.

/** Fleet Telemetry's SentryModeState as stored; Unknown tells nothing. */
const SENTRY_STATE_OF: Record<SentryModeStateName, SentryState | undefined> = {
  Unknown: undefined,
  Off: 'off',
  Idle: 'idle',
  Armed: 'armed',
  Aware: 'aware',
  Panic: 'panic',
  Quiet: 'quiet',
};

/** One reading of a vehicle, from a poll or from streamed telemetry; absent fields are unknown. */
export interface Observation {
  at: Date;
  /** poll = vehicle_data; list = the vehicle list (connectivity only); telemetry = streamed. */
  source: 'poll' | 'list' | 'telemetry';
  connectivity?: Connectivity;
  latitude?: number;
  longitude?: number;
  heading?: number;
  speedMph?: number | null;
  gear?: string | null;
  batteryLevel?: number;
  rangeMi?: number;
  chargingState?: string;
  /**
   * The charger's state machine says it is not charging (`ChargeState` Idle/Shutdown) and nothing
   * says more: a car shown charging or starting has stopped; any other state stands.
   */
  chargerIdle?: true;
  chargeLimitSoc?: number;
  minutesToFull?: number;
  locked?: boolean;
  sentryMode?: boolean;
  /** Streamed typed (or as its name): the state behind on/off. */
  sentryState?: SentryState;
  odometerMi?: number;
  /** Tyre pressures in bar; a tyre the car did not report is absent. */
  tpmsFlBar?: number;
  tpmsFrBar?: number;
  tpmsRlBar?: number;
  tpmsRrBar?: number;
  softwareVersion?: string;
}

export function observationFromVehicleData(data: VehicleData, at: Date): Observation {
  const c = data.chargeState;
  const d = data.driveState;
  const v = data.vehicleState;
  return compact({
    at,
    source: 'poll' as const,
    connectivity: 'online' as const,
    latitude: d?.latitude,
    longitude: d?.longitude,
    heading: d?.heading,
    speedMph: d?.speedMph,
    gear: d?.shiftState,
    batteryLevel: c?.batteryLevel,
    rangeMi: c?.batteryRangeMi ?? c?.estBatteryRangeMi,
    chargingState: c?.chargingState,
    chargeLimitSoc: c?.chargeLimitSoc,
    minutesToFull: c?.minutesToFullCharge,
    locked: v?.locked,
    sentryMode: v?.sentryMode,
    odometerMi: v?.odometerMi,
    tpmsFlBar: v?.tpmsPressureBar?.fl,
    tpmsFrBar: v?.tpmsPressureBar?.fr,
    tpmsRlBar: v?.tpmsPressureBar?.rl,
    tpmsRrBar: v?.tpmsPressureBar?.rr,
    softwareVersion: v?.carVersion,
  });
}

export function observationFromSignals(s: VehicleSignals, at: Date): Observation {
  // Only what the record says, property by property (no object of undefineds to compact: this runs
  // once per streamed record). A vehicle that streams a record is awake and connected.
  const o: Observation = { at, source: 'telemetry', connectivity: 'online' };
  if (s.latitude !== undefined) o.latitude = s.latitude;
  if (s.longitude !== undefined) o.longitude = s.longitude;
  if (s.headingDeg !== undefined) o.heading = s.headingDeg;
  if (s.speedMph !== undefined) o.speedMph = s.speedMph;
  if (s.gear !== undefined) o.gear = s.gear;
  const batteryLevel = s.batteryLevel ?? s.soc;
  if (batteryLevel !== undefined) o.batteryLevel = batteryLevel;
  const rangeMi = s.ratedRangeMi ?? s.estRangeMi;
  if (rangeMi !== undefined) o.rangeMi = rangeMi;
  if (s.chargingState !== undefined) o.chargingState = s.chargingState;
  else if (s.chargerState !== undefined && CHARGER_STATES[s.chargerState] === null) o.chargerIdle = true;
  if (s.chargeLimitSoc !== undefined) o.chargeLimitSoc = s.chargeLimitSoc;
  if (s.minutesToFullCharge !== undefined) o.minutesToFull = s.minutesToFullCharge;
  if (s.locked !== undefined) o.locked = s.locked;
  if (s.sentryMode !== undefined) o.sentryMode = s.sentryMode;
  const sentryState = s.sentryModeState === undefined ? undefined : SENTRY_STATE_OF[s.sentryModeState];
  if (sentryState !== undefined) o.sentryState = sentryState;
  if (s.odometerMi !== undefined) o.odometerMi = s.odometerMi;
  if (s.tpmsPressureFlBar !== undefined) o.tpmsFlBar = s.tpmsPressureFlBar;
  if (s.tpmsPressureFrBar !== undefined) o.tpmsFrBar = s.tpmsPressureFrBar;
  if (s.tpmsPressureRlBar !== undefined) o.tpmsRlBar = s.tpmsPressureRlBar;
  if (s.tpmsPressureRrBar !== undefined) o.tpmsRrBar = s.tpmsPressureRrBar;
  if (s.softwareVersion !== undefined) o.softwareVersion = s.softwareVersion;
  return o;
}

export const connectivityOf = (state: VehicleOnlineState): Connectivity => state;

/** `o` without its undefined properties. */
function compact<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const key in o) {
    const value = o[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

function activityOf(
  row: Pick<LiveStateRow, 'speed_mph' | 'charging_state' | 'connectivity'>,
  gear: string | null | undefined,
): Activity {
  if (row.connectivity !== 'online') return row.connectivity === 'unknown' ? 'unknown' : 'parked';
  if ((row.speed_mph ?? 0) > 0 || gear === 'D' || gear === 'R' || gear === 'N') return 'driving';
  if (row.charging_state === 'Charging' || row.charging_state === 'Starting') return 'charging';
  return 'parked';
}

/**
 * The position history row an observation adds, if any: it carries a location, it is the newest
 * data folded in, and the car moved more than 25 m since the state before it (closer is GPS noise).
 */
export function positionOf(
  prev: LiveStateRow | undefined,
  next: LiveStateRow,
  o: Observation,
): VehiclePositionTable | null {
  return positionAfter(prev?.latitude ?? null, prev?.longitude ?? null, next, o);
}

/** `positionOf` from the location before the observation (the telemetry fold merges in place). */
export function positionAfter(
  prevLatitude: number | null,
  prevLongitude: number | null,
  next: LiveStateRow,
  o: Observation,
): VehiclePositionTable | null {
  if (o.latitude === undefined || o.longitude === undefined) return null;
  if (next.latitude === null || next.longitude === null) return null;
  if (next.data_as_of?.getTime() !== o.at.getTime()) return null;
  const moved =
    prevLatitude === null ||
    prevLongitude === null ||
    milesBetween(
      { latitude: prevLatitude, longitude: prevLongitude },
      { latitude: next.latitude, longitude: next.longitude },
    ) *
      METRES_PER_MILE >
      25;
  if (!moved) return null;
  return {
    vehicle_id: next.vehicle_id,
    at: o.at,
    latitude: o.latitude,
    longitude: o.longitude,
    speed_mph: next.speed_mph,
    heading: next.heading,
    battery_level: next.battery_level,
  };
}

/** The row of a vehicle nothing was known of yet. */
export function emptyLiveRow(vehicleId: string, at: Date): LiveStateRow {
  return {
    vehicle_id: vehicleId,
    connectivity: 'unknown',
    activity: 'unknown',
    latitude: null,
    longitude: null,
    heading: null,
    speed_mph: null,
    battery_level: null,
    range_mi: null,
    charging_state: null,
    charge_limit_soc: null,
    minutes_to_full: null,
    locked: null,
    sentry_mode: null,
    sentry_state: null,
    odometer_mi: null,
    tpms_fl_bar: null,
    tpms_fr_bar: null,
    tpms_rl_bar: null,
    tpms_rr_bar: null,
    software_version: null,
    streaming: false,
    last_seen_at: null,
    activity_since: null,
    data_as_of: null,
    last_polled_at: null,
    last_telemetry_at: null,
    telemetry_lost: false,
    updated_at: at,
  };
}

/** `prev` with `o` folded in, as a new row (`prev` is left as it was). */
export function merge(vehicleId: string, prev: LiveStateRow | undefined, o: Observation): LiveStateRow {
  const next = prev ? { ...prev } : emptyLiveRow(vehicleId, o.at);
  mergeInPlace(next, o);
  return next;
}

/** Whether an observation says more than connectivity (which does not advance the data clock). */
function hasData(o: Observation): boolean {
  for (const key in o) if (key !== 'at' && key !== 'source' && key !== 'connectivity') return true;
  return false;
}

/**
 * Folds `o` into `row`, changing it: the telemetry fold applies a vehicle's observations of a batch
 * one after another to one copy of its row (a copy per observation was most of the fold's garbage).
 */
export function mergeInPlace(next: LiveStateRow, o: Observation): void {
  const at = o.at.getTime();
  const stale = next.data_as_of !== null && at < next.data_as_of.getTime();
  if (o.source === 'poll') next.last_polled_at = o.at;
  if (o.source === 'telemetry') {
    next.streaming = true;
    // Only a newer record says the stream is back: a late duplicate of an old one does not.
    if (next.last_telemetry_at === null || at > next.last_telemetry_at.getTime()) {
      next.last_telemetry_at = o.at;
      next.telemetry_lost = false;
    }
  }
  if (stale) return;
  const before = next.activity;
  if (o.connectivity) next.connectivity = o.connectivity;
  if (o.connectivity === 'online') next.last_seen_at = o.at;
  if (o.latitude !== undefined) next.latitude = o.latitude;
  if (o.longitude !== undefined) next.longitude = o.longitude;
  if (o.heading !== undefined) next.heading = o.heading;
  if (o.speedMph !== undefined) next.speed_mph = o.speedMph ?? 0;
  // A parked car reports no gear: that is speed 0, not "unknown".
  else if (o.gear === null) next.speed_mph = 0;
  if (o.batteryLevel !== undefined) next.battery_level = o.batteryLevel;
  if (o.rangeMi !== undefined) next.range_mi = o.rangeMi;
  if (o.chargingState !== undefined) next.charging_state = o.chargingState;
  if (o.chargerIdle && (next.charging_state === 'Charging' || next.charging_state === 'Starting')) {
    next.charging_state = 'Stopped';
  }
  if (o.chargeLimitSoc !== undefined) next.charge_limit_soc = o.chargeLimitSoc;
  if (o.minutesToFull !== undefined) next.minutes_to_full = o.minutesToFull;
  if (o.locked !== undefined) next.locked = o.locked;
  if (o.sentryMode !== undefined) next.sentry_mode = o.sentryMode;
  if (o.sentryState !== undefined) next.sentry_state = o.sentryState;
  // A poll (or a legacy boolean) says only on/off: off is a state; "on" keeps a known "on" state.
  else if (o.sentryMode === false) next.sentry_state = 'off';
  else if (o.sentryMode === true && next.sentry_state === 'off') next.sentry_state = null;
  if (o.odometerMi !== undefined) next.odometer_mi = o.odometerMi;
  if (o.tpmsFlBar !== undefined) next.tpms_fl_bar = o.tpmsFlBar;
  if (o.tpmsFrBar !== undefined) next.tpms_fr_bar = o.tpmsFrBar;
  if (o.tpmsRlBar !== undefined) next.tpms_rl_bar = o.tpmsRlBar;
  if (o.tpmsRrBar !== undefined) next.tpms_rr_bar = o.tpmsRrBar;
  if (o.softwareVersion !== undefined) next.software_version = o.softwareVersion;
  if (hasData(o)) next.data_as_of = o.at;
  const activity = activityOf(next, o.gear);
  if (activity !== before || next.activity_since === null) next.activity_since = o.at;
  next.activity = activity;
  next.updated_at = o.at;
}
