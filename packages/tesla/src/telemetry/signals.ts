import type { KnownTelemetryField } from './fields';
import type { TelemetryPayload, TelemetryValue } from './types';

export type ChargingState =
  'Disconnected' | 'Charging' | 'Complete' | 'Stopped' | 'Starting' | 'NoPower' | 'Unknown';

/** The vehicle's latest known state in the app's own vocabulary (miles, mph, °C, minutes). */
export interface VehicleSignals {
  vehicleName?: string;
  batteryLevel?: number;
  soc?: number;
  ratedRangeMi?: number;
  estRangeMi?: number;
  idealRangeMi?: number;
  chargeLimitSoc?: number;
  minutesToFullCharge?: number;
  chargingState?: ChargingState;
  latitude?: number;
  longitude?: number;
  headingDeg?: number;
  speedMph?: number;
  odometerMi?: number;
  gear?: 'P' | 'R' | 'N' | 'D' | null;
  locked?: boolean;
  sentryMode?: boolean;
  softwareVersion?: string;
  insideTempC?: number;
  outsideTempC?: number;
  chargePortDoorOpen?: boolean;
  driverSeatOccupied?: boolean;
  carType?: string;
  serviceMode?: boolean;
  valetMode?: boolean;
  guestMode?: boolean;
}

type NumericSignal = {
  [K in keyof VehicleSignals]-?: NonNullable<VehicleSignals[K]> extends number ? K : never;
}[keyof VehicleSignals];
type BooleanSignal = {
  [K in keyof VehicleSignals]-?: NonNullable<VehicleSignals[K]> extends boolean ? K : never;
}[keyof VehicleSignals];

/**
 * A value's type can change between firmware versions (a number sent as a string, a boolean as
 * 0/1), so every reader accepts each plausible encoding and returns undefined for the rest.
 */
function asNumber(v: TelemetryValue): number | undefined {
  switch (v.kind) {
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return Number.isFinite(v.value) ? v.value : undefined;
    case 'string': {
      const n = v.value.trim() === '' ? Number.NaN : Number(v.value);
      return Number.isFinite(n) ? n : undefined;
    }
    default:
      return undefined;
  }
}

function asBoolean(v: TelemetryValue): boolean | undefined {
  switch (v.kind) {
    case 'boolean':
      return v.value;
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return v.value === 1 ? true : v.value === 0 ? false : undefined;
    case 'string': {
      const s = v.value.trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
      return undefined;
    }
    default:
      return undefined;
  }
}

function asString(v: TelemetryValue): string | undefined {
  if (v.kind === 'string') return v.value;
  const n = asNumber(v);
  return n === undefined ? undefined : String(n);
}

const CHARGING_STATES: readonly ChargingState[] = [
  'Disconnected',
  'Charging',
  'Complete',
  'Stopped',
  'Starting',
  'NoPower',
  'Unknown',
];

function asChargingState(v: TelemetryValue): ChargingState | undefined {
  const raw =
    v.kind === 'detailedChargeState'
      ? v.value
      : v.kind === 'string'
        ? v.value.replace(/^(DetailedChargeState|ChargeState)/, '')
        : undefined;
  return CHARGING_STATES.find((s) => s === raw);
}

function asGear(v: TelemetryValue): VehicleSignals['gear'] | undefined {
  const raw =
    v.kind === 'shiftState' ? v.value : v.kind === 'string' ? v.value.replace(/^ShiftState/, '') : undefined;
  if (raw === 'P' || raw === 'R' || raw === 'N' || raw === 'D') return raw;
  // The car reports no gear (asleep, or between states): known to be no gear, not unparseable.
  if (raw === 'Invalid' || raw === 'SNA' || raw === 'Unknown') return null;
  return undefined;
}

/** Newer firmware sends SentryMode as a state enum (Off/Idle/Armed/Aware/Panic/Quiet). */
function asSentry(v: TelemetryValue): boolean | undefined {
  const b = asBoolean(v);
  if (b !== undefined || v.kind !== 'string') return b;
  const state = v.value.replace(/^SentryModeState/, '');
  if (state === 'Off') return false;
  return ['Idle', 'Armed', 'Aware', 'Panic', 'Quiet'].includes(state) ? true : undefined;
}

const NUMERIC: Partial<Record<KnownTelemetryField, NumericSignal>> = {
  BatteryLevel: 'batteryLevel',
  Soc: 'soc',
  RatedRange: 'ratedRangeMi',
  EstBatteryRange: 'estRangeMi',
  IdealBatteryRange: 'idealRangeMi',
  ChargeLimitSoc: 'chargeLimitSoc',
  GpsHeading: 'headingDeg',
  VehicleSpeed: 'speedMph',
  Odometer: 'odometerMi',
  InsideTemp: 'insideTempC',
  OutsideTemp: 'outsideTempC',
};

const BOOLEAN: Partial<Record<KnownTelemetryField, BooleanSignal>> = {
  Locked: 'locked',
  ChargePortDoorOpen: 'chargePortDoorOpen',
  DriverSeatOccupied: 'driverSeatOccupied',
  ServiceMode: 'serviceMode',
  ValetModeEnabled: 'valetMode',
  GuestModeEnabled: 'guestMode',
};

/** Applies one datum; false when the value could not be read as the signal's type. */
function apply(s: VehicleSignals, key: string, v: TelemetryValue): boolean {
  const numeric = NUMERIC[key as KnownTelemetryField];
  if (numeric) {
    const n = asNumber(v);
    if (n !== undefined) s[numeric] = n;
    return n !== undefined;
  }
  const bool = BOOLEAN[key as KnownTelemetryField];
  if (bool) {
    const b = asBoolean(v);
    if (b !== undefined) s[bool] = b;
    return b !== undefined;
  }
  switch (key) {
    case 'VehicleName':
    case 'Version':
    case 'CarType': {
      const text = asString(v);
      const target =
        key === 'VehicleName' ? 'vehicleName' : key === 'Version' ? 'softwareVersion' : 'carType';
      if (text !== undefined) s[target] = text;
      return text !== undefined;
    }
    case 'TimeToFullCharge': {
      const hours = asNumber(v);
      if (hours !== undefined) s.minutesToFullCharge = Math.round(hours * 60);
      return hours !== undefined;
    }
    case 'ChargeState':
    case 'DetailedChargeState': {
      const state = asChargingState(v);
      // DetailedChargeState is the more precise signal: ChargeState never overrides it.
      if (state !== undefined && !(key === 'ChargeState' && s.chargingState !== undefined)) {
        s.chargingState = state;
      }
      return state !== undefined;
    }
    case 'Gear': {
      const gear = asGear(v);
      if (gear !== undefined) s.gear = gear;
      return gear !== undefined;
    }
    case 'SentryMode': {
      const on = asSentry(v);
      if (on !== undefined) s.sentryMode = on;
      return on !== undefined;
    }
    case 'Location': {
      if (v.kind !== 'location') return false;
      s.latitude = v.latitude;
      s.longitude = v.longitude;
      return true;
    }
    default:
      return false;
  }
}

/**
 * Folds a payload into signals. Never throws: `invalid` values are skipped (the car is saying
 * "no reading", which is not 0), and a datum that is unmapped or unreadable is listed in `ignored`.
 */
export function toVehicleSignals(p: TelemetryPayload): { signals: VehicleSignals; ignored: string[] } {
  const signals: VehicleSignals = {};
  const ignored: string[] = [];
  // DetailedChargeState first, so the coarser ChargeState only fills in when it is absent.
  const ordered = [...p.data].sort(
    (a, b) => Number(b.key === 'DetailedChargeState') - Number(a.key === 'DetailedChargeState'),
  );
  for (const { key, value } of ordered) {
    if (value.kind === 'invalid') continue;
    if (!apply(signals, key, value)) ignored.push(key);
  }
  return { signals, ignored };
}
