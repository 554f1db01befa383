/**
 * The Fleet Telemetry `Field` numbers this project knows (TESLA.md). Tesla adds fields with
 * every firmware release, so decoders keep numbers they do not know as `Field<n>` rather than
 * failing.
 */
export const TELEMETRY_FIELDS = {
  Unknown: 0,
  ChargeState: 2,
  VehicleSpeed: 4,
  Odometer: 5,
  Soc: 8,
  Gear: 10,
  Location: 21,
  GpsHeading: 23,
  RatedRange: 32,
  ChargeLimitSoc: 38,
  EstBatteryRange: 40,
  IdealBatteryRange: 41,
  BatteryLevel: 42,
  TimeToFullCharge: 43,
  DoorState: 58,
  Locked: 59,
  VehicleName: 64,
  SentryMode: 65,
  Version: 68,
  TpmsPressureFl: 69,
  TpmsPressureFr: 70,
  TpmsPressureRl: 71,
  TpmsPressureRr: 72,
  InsideTemp: 85,
  OutsideTemp: 86,
  DriverSeatOccupied: 96,
  CarType: 113,
  GuestModeEnabled: 123,
  EnergyRemaining: 158,
  ServiceMode: 159,
  DetailedChargeState: 179,
  ChargePortDoorOpen: 183,
  ValetModeEnabled: 226,
} as const;

export type KnownTelemetryField = keyof typeof TELEMETRY_FIELDS;

/**
 * A datum key: a known field name, `Field<n>` for a number this build does not know, or (from
 * protojson produced by a newer fleet-telemetry) a field name this build does not know.
 * (`string & {}` keeps editor completion for the known names.)
 */
export type TelemetryFieldName = KnownTelemetryField | `Field${number}` | (string & {});

const NAME_BY_NUMBER = new Map<number, KnownTelemetryField>(
  Object.entries(TELEMETRY_FIELDS).map(([name, n]) => [n, name as KnownTelemetryField]),
);

export function fieldNameOf(n: number): TelemetryFieldName {
  return NAME_BY_NUMBER.get(n) ?? `Field${n}`;
}

/** The wire number of a key, or null when the name is neither known nor `Field<n>`. */
export function fieldNumberOf(name: TelemetryFieldName): number | null {
  if (Object.hasOwn(TELEMETRY_FIELDS, name)) return TELEMETRY_FIELDS[name as KnownTelemetryField];
  const match = /^Field(\d+)$/.exec(name);
  return match?.[1] === undefined ? null : Number(match[1]);
}

export const SHIFT_STATES = ['Unknown', 'Invalid', 'P', 'R', 'N', 'D', 'SNA'] as const;
export type ShiftStateName = (typeof SHIFT_STATES)[number];

export const DETAILED_CHARGE_STATES = [
  'Unknown',
  'Disconnected',
  'NoPower',
  'Starting',
  'Charging',
  'Complete',
  'Stopped',
] as const;
export type DetailedChargeStateName = (typeof DETAILED_CHARGE_STATES)[number];

export const CONNECTIVITY_STATUSES = ['UNKNOWN', 'CONNECTED', 'DISCONNECTED'] as const;
export type ConnectivityStatus = (typeof CONNECTIVITY_STATUSES)[number];

export const ALERT_AUDIENCES = ['Unknown', 'Customer', 'Service', 'Widget'] as const;
