import protobuf from 'protobufjs';
import {
  ALERT_AUDIENCES,
  CONNECTIVITY_STATUSES,
  DETAILED_CHARGE_STATES,
  SHIFT_STATES,
  TELEMETRY_FIELDS,
} from './fields';

/**
 * The project's own schema for Fleet Telemetry records, written from the field numbers in
 * TESLA.md (not copied from Tesla's .proto files). Enum value names carry the prefixes protojson
 * emits (`ShiftStateD`, `DetailedChargeStateCharging`) so names on the wire match fleet-telemetry.
 */
const enumBody = (names: readonly string[], prefix = '') =>
  names.map((name, n) => `  ${prefix}${name} = ${n};`).join('\n');

const TIMESTAMP_PROTO = `
syntax = "proto3";

package google.protobuf;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
`;

const VEHICLE_DATA_PROTO = `
syntax = "proto3";
package telemetry.vehicle_data;

enum Field {
${Object.entries(TELEMETRY_FIELDS)
  .map(([name, n]) => `  ${name} = ${n};`)
  .join('\n')}
}

enum ShiftState {
${enumBody(SHIFT_STATES, 'ShiftState')}
}

enum DetailedChargeStateValue {
${enumBody(DETAILED_CHARGE_STATES, 'DetailedChargeState')}
}

message LocationValue { double latitude = 1; double longitude = 2; }

message Value {
  oneof value {
    string string_value = 1;
    int32 int_value = 2;
    int64 long_value = 3;
    float float_value = 4;
    double double_value = 5;
    bool boolean_value = 6;
    LocationValue location_value = 7;
    ShiftState shift_state_value = 9;
    bool invalid = 10;
    DetailedChargeStateValue detailed_charge_state_value = 32;
  }
}

message Datum { Field key = 1; Value value = 2; }

message Payload {
  repeated Datum data = 1;
  google.protobuf.Timestamp created_at = 2;
  string vin = 3;
  bool is_resend = 4;
}
`;

const CONNECTIVITY_PROTO = `
syntax = "proto3";
package telemetry.vehicle_connectivity;

enum ConnectivityEvent {
${enumBody(CONNECTIVITY_STATUSES)}
}

message VehicleConnectivity {
  string vin = 1;
  string connection_id = 2;
  ConnectivityEvent status = 3;
  google.protobuf.Timestamp created_at = 4;
  string network_interface = 5;
}
`;

const ALERTS_PROTO = `
syntax = "proto3";
package telemetry.vehicle_alerts;

enum Audience {
${enumBody(ALERT_AUDIENCES)}
}

message VehicleAlert {
  string name = 1;
  repeated Audience audiences = 2;
  google.protobuf.Timestamp started_at = 3;
  google.protobuf.Timestamp ended_at = 4;
}

message VehicleAlerts {
  repeated VehicleAlert alerts = 1;
  google.protobuf.Timestamp created_at = 2;
  string vin = 3;
}
`;

const root = new protobuf.Root();
for (const source of [TIMESTAMP_PROTO, VEHICLE_DATA_PROTO, CONNECTIVITY_PROTO, ALERTS_PROTO]) {
  protobuf.parse(source, root, { keepCase: false });
}
root.resolveAll();

export const PayloadType = root.lookupType('telemetry.vehicle_data.Payload');
export const VehicleConnectivityType = root.lookupType('telemetry.vehicle_connectivity.VehicleConnectivity');
export const VehicleAlertsType = root.lookupType('telemetry.vehicle_alerts.VehicleAlerts');
