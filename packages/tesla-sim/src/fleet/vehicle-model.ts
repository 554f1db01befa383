import type { Rng } from '../prng';
import type { ModelSpec } from './catalog';

export type Activity = 'parked' | 'driving' | 'charging' | 'asleep';
export type ChargingState = 'Disconnected' | 'Charging' | 'Complete' | 'Stopped' | 'Starting' | 'NoPower';
export type ShiftState = 'P' | 'D' | 'R' | 'N';
export type Region = 'na' | 'eu' | 'cn';

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** One simulated car: identity that never changes plus the state the model moves on. */
export interface SimVehicle {
  readonly index: number;
  readonly accountEmail: string;
  readonly id: number;
  readonly vehicleId: number;
  readonly vin: string;
  readonly spec: ModelSpec;
  readonly color: string;
  readonly trim: string;
  readonly wheels: string;
  readonly home: GeoPoint;
  readonly utcOffsetHours: number;
  readonly metricGui: boolean;
  readonly chargerKw: number;
  readonly rng: Rng;
  displayName: string;
  softwareVersion: string;
  /** The app's virtual key is on the car: the owner opened tesla.com/_ak/<domain> and approved it. */
  keyPaired: boolean;
  /** The car takes only signed commands (Vehicle Command Protocol); pre-2021 Model S/X do not. */
  commandProtocolRequired: boolean;
  /** Fleet Telemetry configurations other apps keep on the car (see MAX_TELEMETRY_CONFIGS). */
  otherTelemetryConfigs: number;
  /** What the car reported about its telemetry connection (`fleet_telemetry_errors`). */
  telemetryErrors: { name: string; error: string; atMs: number }[];
  activity: Activity;
  /** Set while an asleep car is waking up: when it will be online. */
  wakeAtMs: number | null;
  /** The last moment something kept the car awake (driving, a command, a data poll). */
  lastActiveMs: number;
  lat: number;
  lon: number;
  heading: number;
  speedMph: number;
  shift: ShiftState;
  batteryLevel: number;
  chargeLimitSoc: number;
  chargingState: ChargingState;
  pluggedIn: boolean;
  chargeEnergyAddedKwh: number;
  locked: boolean;
  sentry: boolean;
  valet: boolean;
  guestMode: boolean;
  remoteStart: boolean;
  odometerMi: number;
  insideTempC: number;
  outsideTempC: number;
  climateOn: boolean;
  driverTempC: number;
  passengerTempC: number;
  doors: { df: number; dr: number; pf: number; pr: number; ft: number; rt: number };
  windowsVented: boolean;
  /** Speed Limit Mode: `pin` is the four digits set when it was first activated. */
  speedLimit: { active: boolean; limitMph: number; pinSet: boolean; pin?: string };
  trip: { endMs: number; targetMph: number } | null;
  /** Timestamp of the last model step, for `timestamp` fields. */
  updatedAtMs: number;
}

export const IDLE_SLEEP_MS = 15 * 60_000;
const MILES_PER_DEGREE_LAT = 69.0;
/** Cars roam within this distance of home before the model turns them back. */
const ROAM_RADIUS_MI = 15;

export function ratedRangeMi(v: SimVehicle): number {
  return (v.batteryLevel / 100) * v.spec.ratedRangeMi;
}

export function whPerMile(v: SimVehicle): number {
  return ((v.spec.packKwh * 1000) / v.spec.ratedRangeMi) * 1.08;
}

export function isOnline(v: SimVehicle): boolean {
  return v.activity !== 'asleep';
}

export function distanceMi(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * MILES_PER_DEGREE_LAT;
  const dLon = (b.lon - a.lon) * MILES_PER_DEGREE_LAT * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dLat, dLon);
}

function bearingDeg(from: GeoPoint, to: GeoPoint): number {
  const dLat = to.lat - from.lat;
  const dLon = (to.lon - from.lon) * Math.cos((from.lat * Math.PI) / 180);
  return (Math.atan2(dLon, dLat) * 180) / Math.PI;
}

function normaliseHeading(h: number): number {
  return ((h % 360) + 360) % 360;
}

/** Something kept the car awake: a drive, a command, a data poll, a plug-in. */
export function touch(v: SimVehicle, nowMs: number): void {
  v.lastActiveMs = nowMs;
}

export function wakeNow(v: SimVehicle, nowMs: number): void {
  if (v.activity === 'asleep') v.activity = v.chargingState === 'Charging' ? 'charging' : 'parked';
  v.wakeAtMs = null;
  touch(v, nowMs);
}

export function startDrive(v: SimVehicle, nowMs: number, minutes: number): void {
  wakeNow(v, nowMs);
  if (v.pluggedIn) unplug(v);
  v.activity = 'driving';
  v.shift = 'D';
  v.locked = true;
  v.doors = { df: 0, dr: 0, pf: 0, pr: 0, ft: 0, rt: 0 };
  const highway = v.rng.chance(0.3);
  v.trip = {
    endMs: nowMs + minutes * 60_000,
    targetMph: highway ? v.rng.range(55, 72) : v.rng.range(25, 45),
  };
  v.heading = normaliseHeading(v.heading + v.rng.range(-90, 90));
}

export function park(v: SimVehicle, nowMs: number): void {
  if (v.activity !== 'driving') return;
  v.activity = 'parked';
  v.shift = 'P';
  v.speedMph = 0;
  v.trip = null;
  touch(v, nowMs);
}

export function plugIn(v: SimVehicle, nowMs: number): void {
  if (v.activity === 'driving') park(v, nowMs);
  wakeNow(v, nowMs);
  v.pluggedIn = true;
  v.chargeEnergyAddedKwh = 0;
  startCharging(v);
}

export function unplug(v: SimVehicle): void {
  v.pluggedIn = false;
  v.chargingState = 'Disconnected';
  if (v.activity === 'charging') v.activity = 'parked';
}

/** Starts charging if plugged in and below the limit; returns the refusal reason otherwise. */
export function startCharging(v: SimVehicle): string | null {
  if (!v.pluggedIn) return 'disconnected';
  if (v.chargingState === 'Charging') return 'is_charging';
  if (v.batteryLevel >= v.chargeLimitSoc - 0.5) {
    v.chargingState = 'Complete';
    return 'complete';
  }
  v.chargingState = 'Charging';
  v.activity = 'charging';
  return null;
}

export function stopCharging(v: SimVehicle): string | null {
  if (v.chargingState !== 'Charging') return 'not_charging';
  v.chargingState = 'Stopped';
  v.activity = 'parked';
  return null;
}

/** Advances one car by dtMs of simulated time. */
export function stepVehicle(v: SimVehicle, nowMs: number, dtMs: number): void {
  const hours = dtMs / 3_600_000;
  v.updatedAtMs = nowMs;
  switch (v.activity) {
    case 'asleep':
      if (v.wakeAtMs !== null && v.wakeAtMs <= nowMs) wakeNow(v, nowMs);
      break;
    case 'driving':
      drive(v, nowMs, hours);
      break;
    case 'charging':
      charge(v, nowMs, hours);
      break;
    case 'parked':
      if (v.sentry) v.batteryLevel = Math.max(0, v.batteryLevel - hours * 0.5);
      if (v.climateOn) v.batteryLevel = Math.max(0, v.batteryLevel - hours * 3);
      if (mayFallAsleep(v) && nowMs - v.lastActiveMs >= IDLE_SLEEP_MS) {
        v.activity = 'asleep';
        v.remoteStart = false;
      }
      break;
  }
  // Cabin temperature drifts toward the outside, or toward the set point with climate on.
  const target = v.climateOn ? v.driverTempC : v.activity === 'driving' ? 21 : v.outsideTempC;
  v.insideTempC += (target - v.insideTempC) * Math.min(1, hours * 4);
}

function mayFallAsleep(v: SimVehicle): boolean {
  return !v.sentry && !v.climateOn && v.chargingState !== 'Charging';
}

function drive(v: SimVehicle, nowMs: number, hours: number): void {
  const trip = v.trip;
  if (!trip || nowMs >= trip.endMs || v.batteryLevel <= 3) {
    park(v, nowMs);
    return;
  }
  touch(v, nowMs);
  // Speed wanders around the trip's cruising speed; heading drifts and sometimes turns a corner.
  v.speedMph += (trip.targetMph - v.speedMph) * 0.5 + v.rng.range(-4, 4);
  v.speedMph = Math.max(0, Math.min(v.speedLimit.active ? v.speedLimit.limitMph : 85, v.speedMph));
  if (v.rng.chance(0.03)) v.heading += v.rng.pick([-90, 90]);
  else v.heading += v.rng.range(-6, 6);
  const here = { lat: v.lat, lon: v.lon };
  if (distanceMi(v.home, here) > ROAM_RADIUS_MI) v.heading = bearingDeg(here, v.home) + v.rng.range(-20, 20);
  v.heading = normaliseHeading(v.heading);
  const miles = v.speedMph * hours;
  const rad = (v.heading * Math.PI) / 180;
  v.lat += (miles * Math.cos(rad)) / MILES_PER_DEGREE_LAT;
  v.lon += (miles * Math.sin(rad)) / (MILES_PER_DEGREE_LAT * Math.cos((v.lat * Math.PI) / 180));
  v.odometerMi += miles;
  v.batteryLevel = Math.max(0, v.batteryLevel - ((miles * whPerMile(v)) / (v.spec.packKwh * 1000)) * 100);
}

function charge(v: SimVehicle, nowMs: number, hours: number): void {
  touch(v, nowMs);
  const kwh = v.chargerKw * hours;
  v.chargeEnergyAddedKwh += kwh;
  v.batteryLevel = Math.min(100, v.batteryLevel + (kwh / v.spec.packKwh) * 100);
  if (v.batteryLevel >= v.chargeLimitSoc) {
    v.batteryLevel = Math.max(v.batteryLevel, v.chargeLimitSoc);
    v.chargingState = 'Complete';
    v.activity = 'parked';
  }
}

export function minutesToFull(v: SimVehicle): number {
  if (v.chargingState !== 'Charging') return 0;
  const kwh = (Math.max(0, v.chargeLimitSoc - v.batteryLevel) / 100) * v.spec.packKwh;
  return Math.round((kwh / v.chargerKw) * 60);
}
