import type { KnownTelemetryField } from './fields';
import type { DoorsValue, TelemetryPayload, TelemetryValue } from './types';
import { CAR_TYPES, SENTRY_MODE_STATES, type CarTypeName, type SentryModeStateName } from './values';

export type ChargingState =
  'Disconnected' | 'Charging' | 'Complete' | 'Stopped' | 'Starting' | 'NoPower' | 'Unknown';

/**
 * `ChargeState` (field 2) as text on real cars is the charger's state machine, not the
 * `charging_state` words of `vehicle_data` (TESLA.md "More facts"). What each state says in the
 * app's words: null = not charging, plugged in or not (`DetailedChargeState` tells which).
 */
export const CHARGER_STATES = {
  Idle: null,
  ClearFaults: 'Starting',
  SystemConfig: 'Starting',
  QualifyLineConfig: 'Starting',
  WaitForLineVoltage: 'Starting',
  Startup: 'Starting',
  Enable: 'Charging',
  Shutdown: null,
} as const satisfies Record<string, ChargingState | null>;
export type ChargerStateName = keyof typeof CHARGER_STATES;

/** `CarType` enum names in `vehicle_data`'s `car_type` words. */
export const CAR_TYPE_CODES: Readonly<Record<CarTypeName, string | null>> = {
  Unknown: null,
  ModelS: 'models',
  ModelX: 'modelx',
  Model3: 'model3',
  ModelY: 'modely',
  SemiTruck: 'semi',
  Cybertruck: 'cybertruck',
};

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
  /** Tyre pressures (`TpmsPressureFl/Fr/Rl/Rr`), in bar as the car sends them. */
  tpmsPressureFlBar?: number;
  tpmsPressureFrBar?: number;
  tpmsPressureRlBar?: number;
  tpmsPressureRrBar?: number;
  gear?: 'P' | 'R' | 'N' | 'D' | null;
  locked?: boolean;
  sentryMode?: boolean;
  /** The typed (or prefixed text) SentryMode state; `sentryMode` is it as on/off. */
  sentryModeState?: SentryModeStateName;
  /** `ChargeState` as the charger's state machine (see `CHARGER_STATES`). */
  chargerState?: ChargerStateName;
  doors?: DoorsValue;
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

/** DetailedChargeState typed, the deprecated typed `charging_value`, or their words as text. */
function asChargingState(v: TelemetryValue): ChargingState | undefined {
  let raw: string | undefined;
  if (v.kind === 'detailedChargeState') raw = v.value;
  else if (v.kind === 'enum' && v.type === 'ChargingState') raw = v.value;
  else if (v.kind === 'string') raw = v.value.replace(/^(DetailedChargeState|ChargeState)/, '');
  return CHARGING_STATES.find((s) => s === raw);
}

function asChargerState(v: TelemetryValue): ChargerStateName | undefined {
  return v.kind === 'string' && Object.hasOwn(CHARGER_STATES, v.value)
    ? (v.value as ChargerStateName)
    : undefined;
}

function asGear(v: TelemetryValue): VehicleSignals['gear'] | undefined {
  const raw =
    v.kind === 'shiftState' ? v.value : v.kind === 'string' ? v.value.replace(/^ShiftState/, '') : undefined;
  if (raw === 'P' || raw === 'R' || raw === 'N' || raw === 'D') return raw;
  // The car reports no gear (asleep, or between states): known to be no gear, not unparseable.
  if (raw === 'Invalid' || raw === 'SNA' || raw === 'Unknown') return null;
  return undefined;
}

/** SentryMode typed (`sentry_mode_state_value`), as its enum name in text, or the legacy boolean. */
function asSentryState(v: TelemetryValue): SentryModeStateName | undefined {
  const raw =
    v.kind === 'enum' && v.type === 'SentryModeState'
      ? v.value
      : v.kind === 'string'
        ? v.value.replace(/^SentryModeState/, '')
        : undefined;
  const state = SENTRY_MODE_STATES.find((s) => s === raw);
  return state === 'Unknown' ? undefined : state;
}

/** CarType typed (`car_type_value`) or as text (its enum name, or `vehicle_data`'s word). */
function asCarType(v: TelemetryValue): string | undefined {
  const raw =
    v.kind === 'enum' && v.type === 'CarTypeValue' ? v.value : v.kind === 'string' ? v.value : undefined;
  if (raw === undefined) return undefined;
  const name = CAR_TYPES.find((t) => t === raw.replace(/^CarType/, ''));
  if (name) return CAR_TYPE_CODES[name] ?? undefined;
  return v.kind === 'string' && raw !== '' ? raw : undefined;
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
  TpmsPressureFl: 'tpmsPressureFlBar',
  TpmsPressureFr: 'tpmsPressureFrBar',
  TpmsPressureRl: 'tpmsPressureRlBar',
  TpmsPressureRr: 'tpmsPressureRrBar',
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
    case 'Version': {
      const text = asString(v);
      if (text !== undefined) s[key === 'VehicleName' ? 'vehicleName' : 'softwareVersion'] = text;
      return text !== undefined;
    }
    case 'CarType': {
      const carType = asCarType(v);
      if (carType !== undefined) s.carType = carType;
      return carType !== undefined;
    }
    case 'DoorState': {
      if (v.kind !== 'doors') return false;
      s.doors = v.value;
      return true;
    }
    case 'TimeToFullCharge': {
      const hours = asNumber(v);
      if (hours !== undefined) s.minutesToFullCharge = Math.round(hours * 60);
      return hours !== undefined;
    }
    case 'DetailedChargeState': {
      const state = asChargingState(v);
      if (state !== undefined) s.chargingState = state;
      return state !== undefined;
    }
    case 'ChargeState': {
      // Applied by the caller after the record's other datums: DetailedChargeState wins.
      const charger = asChargerState(v);
      if (charger !== undefined) s.chargerState = charger;
      return charger !== undefined || asChargingState(v) !== undefined;
    }
    case 'Gear': {
      const gear = asGear(v);
      if (gear !== undefined) s.gear = gear;
      return gear !== undefined;
    }
    case 'SentryMode': {
      const state = asSentryState(v);
      if (state !== undefined) {
        s.sentryModeState = state;
        s.sentryMode = state !== 'Off';
        return true;
      }
      const on = asBoolean(v);
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
 * `DetailedChargeState` wins over `ChargeState` within a record; `ChargeState` as the charger's
 * state machine sets `chargerState` and, when it says so, `chargingState` (`CHARGER_STATES`).
 */
export function toVehicleSignals(p: TelemetryPayload): { signals: VehicleSignals; ignored: string[] } {
  const signals: VehicleSignals = {};
  const ignored: string[] = [];
  let fromChargeState: ChargingState | undefined;
  for (const { key, value } of p.data) {
    if (value.kind === 'invalid') continue;
    if (!apply(signals, key, value)) ignored.push(key);
    else if (key === 'ChargeState') fromChargeState = asChargingState(value) ?? fromChargeState;
  }
  if (signals.chargingState === undefined) {
    const fromCharger = signals.chargerState === undefined ? null : CHARGER_STATES[signals.chargerState];
    const state = fromChargeState ?? fromCharger ?? undefined;
    if (state !== undefined) signals.chargingState = state;
  }
  return { signals, ignored };
}
