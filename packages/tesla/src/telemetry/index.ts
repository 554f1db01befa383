export {
  TELEMETRY_FIELDS,
  ALWAYS_TYPED_FROM_FIELD,
  fieldNameOf,
  fieldNumberOf,
  type KnownTelemetryField,
  type TelemetryFieldName,
} from './fields';
export {
  TELEMETRY_ENUMS,
  VALUE_MEMBERS,
  VALUE_MESSAGES,
  SHIFT_STATES,
  DETAILED_CHARGE_STATES,
  SENTRY_MODE_STATES,
  CAR_TYPES,
  CONNECTIVITY_STATUSES,
  ALERT_AUDIENCES,
  type TelemetryEnumType,
  type EnumValueName,
  type ValueMemberName,
  type ShiftStateName,
  type DetailedChargeStateName,
  type SentryModeStateName,
  type CarTypeName,
  type ConnectivityStatus,
  type AlertAudience,
} from './values';
export type {
  TelemetryValue,
  GenericTelemetryEnum,
  DoorsValue,
  TireLocationValue,
  TelemetryDatum,
  TelemetryPayload,
  ConnectivityRecord,
  AlertsRecord,
  VehicleAlert,
  ErrorsRecord,
  VehicleErrorEntry,
} from './types';
export { TelemetryDecodeError, TelemetryEncodeError } from './errors';
export {
  encodeVehiclePayload,
  decodeVehiclePayload,
  vehiclePayloadToJson,
  decodeVehiclePayloadJson,
  telemetryDecodeCounts,
  type TelemetryDecodeCounts,
} from './vehicle-data';
export {
  encodeConnectivity,
  decodeConnectivity,
  connectivityToJson,
  decodeConnectivityJson,
} from './connectivity';
export { encodeAlerts, decodeAlerts, alertsToJson, decodeAlertsJson } from './alerts';
export {
  encodeVehicleErrors,
  decodeVehicleErrors,
  vehicleErrorsToJson,
  decodeVehicleErrorsJson,
} from './vehicle-errors';
export {
  toVehicleSignals,
  CHARGER_STATES,
  CAR_TYPE_CODES,
  type VehicleSignals,
  type ChargingState,
  type ChargerStateName,
} from './signals';
