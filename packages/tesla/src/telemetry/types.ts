import type {
  ConnectivityStatus,
  DetailedChargeStateName,
  ShiftStateName,
  TelemetryFieldName,
} from './fields';

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
  data: TelemetryDatum[];
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
  audiences: string[];
  startedAt: Date;
  endedAt: Date | null;
}

/** One `alerts` record. */
export interface AlertsRecord {
  vin: string;
  createdAt: Date;
  alerts: VehicleAlert[];
}
