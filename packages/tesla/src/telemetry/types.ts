import type { TelemetryFieldName } from './fields';
import type {
  AlertAudience,
  ConnectivityStatus,
  DetailedChargeStateName,
  ShiftStateName,
  TelemetryEnumType,
} from './values';

/** Enum types with a value kind of their own (`shiftState`, `detailedChargeState`). */
type OwnKindEnum = 'ShiftState' | 'DetailedChargeStateValue';
export type GenericTelemetryEnum = Exclude<TelemetryEnumType, OwnKindEnum>;

/** `Doors`: which doors and trunks are open. */
export interface DoorsValue {
  driverFront: boolean;
  driverRear: boolean;
  passengerFront: boolean;
  passengerRear: boolean;
  trunkFront: boolean;
  trunkRear: boolean;
}

/** `TireLocation`: the tyres a TPMS warning is about (the semi's extra axles included). */
export interface TireLocationValue {
  frontLeft: boolean;
  frontRight: boolean;
  rearLeft: boolean;
  rearRight: boolean;
  semiMiddleAxleLeft2: boolean;
  semiMiddleAxleRight2: boolean;
  semiRearAxleLeft: boolean;
  semiRearAxleRight: boolean;
  semiRearAxleLeft2: boolean;
  semiRearAxleRight2: boolean;
}

/**
 * One member of the `Value` oneof. Enums are by value name without the wire prefix (`Armed`, not
 * `SentryModeStateArmed`); `enum` carries every enum member but the two with kinds of their own.
 */
export type TelemetryValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'double'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'shiftState'; value: ShiftStateName }
  | { kind: 'detailedChargeState'; value: DetailedChargeStateName }
  | { kind: 'enum'; type: GenericTelemetryEnum; value: string }
  | { kind: 'doors'; value: DoorsValue }
  | { kind: 'time'; hour: number; minute: number; second: number }
  | { kind: 'tireLocation'; value: TireLocationValue }
  | { kind: 'invalid' };

export interface TelemetryDatum {
  key: TelemetryFieldName;
  value: TelemetryValue;
}

/** One `V` record: the signals a vehicle sent in one message. */
export interface TelemetryPayload {
  vin: string;
  createdAt: Date;
  isResend: boolean;
  /** The datums this build can read (a value of a member or enum number it does not know is left out). */
  data: TelemetryDatum[];
  /**
   * Set by the decoders: every datum the record carried, read or left out. Tesla bills each one
   * (TESLA.md "Billing"), so this, not `data.length`, is what streaming costs.
   */
  received?: number;
}

/** One `connectivity` record: the vehicle's streaming connection went up or down. */
export interface ConnectivityRecord {
  vin: string;
  connectionId: string;
  status: ConnectivityStatus;
  createdAt: Date;
  networkInterface: string;
}

export interface VehicleAlert {
  name: string;
  /** Audience names (`Customer`, `Service`, `ServiceFix`, …); a number this build does not know as its digits. */
  audiences: (AlertAudience | (string & {}))[];
  startedAt: Date;
  endedAt: Date | null;
}

/** One `alerts` record. */
export interface AlertsRecord {
  vin: string;
  createdAt: Date;
  alerts: VehicleAlert[];
}

/** One error the vehicle reported about its streaming connection (`telemetry.vehicle_error.VehicleError`). */
export interface VehicleErrorEntry {
  createdAt: Date;
  name: string;
  tags: Record<string, string>;
  body: string;
}

/** One `errors` record. */
export interface ErrorsRecord {
  vin: string;
  createdAt: Date;
  errors: VehicleErrorEntry[];
}
