export {
  TELEMETRY_FIELDS,
  SHIFT_STATES,
  DETAILED_CHARGE_STATES,
  CONNECTIVITY_STATUSES,
  ALERT_AUDIENCES,
  fieldNameOf,
  fieldNumberOf,
  type KnownTelemetryField,
  type TelemetryFieldName,
  type ShiftStateName,
  type DetailedChargeStateName,
  type ConnectivityStatus,
} from './fields';
export type {
  TelemetryValue,
  TelemetryDatum,
  TelemetryPayload,
  ConnectivityRecord,
  AlertsRecord,
  VehicleAlert,
} from './types';
export { TelemetryDecodeError, TelemetryEncodeError } from './errors';
export {
  encodeVehiclePayload,
  decodeVehiclePayload,
  vehiclePayloadToJson,
  decodeVehiclePayloadJson,
} from './vehicle-data';
export {
  encodeConnectivity,
  decodeConnectivity,
  connectivityToJson,
  decodeConnectivityJson,
} from './connectivity';
export { encodeAlerts, decodeAlerts, alertsToJson, decodeAlertsJson } from './alerts';
export { toVehicleSignals, type VehicleSignals, type ChargingState } from './signals';
