import {
  ALWAYS_TYPED_FROM_FIELD,
  TELEMETRY_ENUMS,
  TELEMETRY_FIELDS,
  type CarTypeName,
  type KnownTelemetryField,
  type SentryModeStateName,
  type TelemetryValue,
} from '@cybertacotruck/tesla';
import type { CarType } from './fleet/catalog';
import {
  isOnline,
  minutesToFull,
  ratedRangeMi,
  type ChargingState,
  type SimVehicle,
} from './fleet/vehicle-model';

const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
const double = (n: number, digits: number): TelemetryValue => ({ kind: 'double', value: round(n, digits) });
const bool = (value: boolean): TelemetryValue => ({ kind: 'boolean', value });
const str = (value: string): TelemetryValue => ({ kind: 'string', value });

const CAR_TYPE_VALUES: Record<CarType, CarTypeName> = {
  model3: 'Model3',
  modely: 'ModelY',
  models: 'ModelS',
  modelx: 'ModelX',
  cybertruck: 'Cybertruck',
};

/**
 * `ChargeState` (field 2) as real cars send it: text, the charger's state machine (TESLA.md "More
 * facts"), never typed: a car plugged in walks QualifyLineConfig → … → Startup → Enable (charging)
 * → Shutdown → Idle.
 */
export const CHARGER_STATE_OF: Record<ChargingState, string> = {
  Disconnected: 'Idle',
  NoPower: 'WaitForLineVoltage',
  Starting: 'QualifyLineConfig',
  Charging: 'Enable',
  Complete: 'Idle',
  Stopped: 'Idle',
};

/** Sentry mode as the car reports it: armed while parked, idle (on, but not watching) while driving. */
function sentryState(v: SimVehicle): SentryModeStateName {
  if (!v.sentry) return 'Off';
  return v.activity === 'driving' ? 'Idle' : 'Armed';
}

/** How each streamable field reads off the model (typed form; see `asSent`). */
export const FIELD_READERS: Record<string, (v: SimVehicle) => TelemetryValue> = {
  Soc: (v) => double(v.batteryLevel, 2),
  BatteryLevel: (v) => double(v.batteryLevel, 2),
  Location: (v) => ({ kind: 'location', latitude: round(v.lat, 6), longitude: round(v.lon, 6) }),
  GpsHeading: (v) => double(v.heading, 0),
  VehicleSpeed: (v) => double(v.activity === 'driving' ? v.speedMph : 0, 0),
  Odometer: (v) => double(v.odometerMi, 2),
  Gear: (v) => ({ kind: 'shiftState', value: v.shift }),
  ChargeState: (v) => str(CHARGER_STATE_OF[v.chargingState]),
  DetailedChargeState: (v) => ({ kind: 'detailedChargeState', value: v.chargingState }),
  ChargeLimitSoc: (v) => ({ kind: 'int', value: v.chargeLimitSoc }),
  RatedRange: (v) => double(ratedRangeMi(v), 1),
  EstBatteryRange: (v) => double(ratedRangeMi(v) * 0.92, 1),
  IdealBatteryRange: (v) => double(ratedRangeMi(v) * 1.04, 1),
  TimeToFullCharge: (v) => double(minutesToFull(v) / 60, 2),
  EnergyRemaining: (v) => double((v.batteryLevel / 100) * v.spec.packKwh, 2),
  Locked: (v) => bool(v.locked),
  SentryMode: (v) => ({ kind: 'enum', type: 'SentryModeState', value: sentryState(v) }),
  Version: (v) => str(v.softwareVersion.split(' ')[0] ?? v.softwareVersion),
  VehicleName: (v) => str(v.displayName),
  InsideTemp: (v) => double(v.insideTempC, 1),
  OutsideTemp: (v) => double(v.outsideTempC, 1),
  TpmsPressureFl: (v) => double(v.spec.tyreBar, 2),
  TpmsPressureFr: (v) => double(v.spec.tyreBar, 2),
  TpmsPressureRl: (v) => double(v.spec.tyreBar + 0.05, 2),
  TpmsPressureRr: (v) => double(v.spec.tyreBar + 0.05, 2),
  DriverSeatOccupied: (v) => bool(v.activity === 'driving'),
  CarType: (v) => ({ kind: 'enum', type: 'CarTypeValue', value: CAR_TYPE_VALUES[v.spec.carType] }),
  DoorState: (v) => ({
    kind: 'doors',
    value: {
      driverFront: v.doors.df !== 0,
      driverRear: v.doors.dr !== 0,
      passengerFront: v.doors.pf !== 0,
      passengerRear: v.doors.pr !== 0,
      trunkFront: v.doors.ft !== 0,
      trunkRear: v.doors.rt !== 0,
    },
  }),
  GuestModeEnabled: (v) => bool(v.guestMode),
  ValetModeEnabled: (v) => bool(v.valet),
  ServiceMode: () => bool(false),
  ChargePortDoorOpen: (v) => bool(v.pluggedIn),
};

/** The fields `control.setStreaming` configures. */
export const DEFAULT_STREAMING_FIELDS = [
  'Soc',
  'BatteryLevel',
  'Location',
  'GpsHeading',
  'VehicleSpeed',
  'Odometer',
  'Gear',
  'ChargeState',
  'DetailedChargeState',
  'ChargeLimitSoc',
  'RatedRange',
  'EstBatteryRange',
  'Locked',
  'SentryMode',
  'DoorState',
  'CarType',
  'Version',
  'VehicleName',
];

/**
 * Without `prefer_typed`, vehicles send most values as strings (the legacy form fleet-telemetry
 * still forwards), so a consumer must parse defensively: numbers and booleans as text, enums by
 * their full name (`SentryModeStateArmed`, `ShiftStateD`).
 */
export function asLegacyString(value: TelemetryValue): TelemetryValue {
  switch (value.kind) {
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return str(String(value.value));
    case 'boolean':
      return str(value.value ? 'true' : 'false');
    case 'shiftState':
      return str(`ShiftState${value.value}`);
    case 'detailedChargeState':
      return str(`DetailedChargeState${value.value}`);
    case 'enum':
      return str(`${TELEMETRY_ENUMS[value.type].prefix}${value.value}`);
    default:
      // Location and DoorState have no text form documented: they stay typed.
      return value;
  }
}

/**
 * A field's value as the car sends it: typed with `prefer_typed`, and always typed for fields
 * numbered 179 and up (`DetailedChargeState`, …); the legacy text form otherwise. `ChargeState` is
 * text either way (its reader gives the charger's state machine).
 */
export function asSent(field: string, value: TelemetryValue, preferTyped: boolean): TelemetryValue {
  const n = Object.hasOwn(TELEMETRY_FIELDS, field) ? TELEMETRY_FIELDS[field as KnownTelemetryField] : 0;
  return preferTyped || n >= ALWAYS_TYPED_FROM_FIELD ? value : asLegacyString(value);
}

/** A numeric reading of a value, for `minimum_delta`. */
export function numericOf(value: TelemetryValue): number | null {
  if (value.kind === 'int' || value.kind === 'long' || value.kind === 'float' || value.kind === 'double')
    return value.value;
  return null;
}

export function readField(v: SimVehicle, field: string): TelemetryValue | null {
  const reader = FIELD_READERS[field];
  if (!reader) return null;
  // A parked car in P reports no speed; an asleep car streams nothing (callers check isOnline).
  return isOnline(v) ? reader(v) : null;
}
