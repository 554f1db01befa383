import protobuf from 'protobufjs';
import { TELEMETRY_FIELDS } from './fields';
import {
  ALERT_AUDIENCES,
  CONNECTIVITY_STATUSES,
  TELEMETRY_ENUMS,
  VALUE_MEMBERS,
  VALUE_MESSAGES,
} from './values';

/**
 * The project's own protobuf schema for Fleet Telemetry records, built from the tables in
 * `fields.ts` and `values.ts` (written from teslamotors/fleet-telemetry v0.9.4's protos; see there),
 * not copied from Tesla's .proto files. Enum value names carry the prefixes protojson emits
 * (`ShiftStateD`, `SentryModeStateArmed`) so names on the wire match fleet-telemetry.
 *
 * `V` records are read and written by hand from the same tables (`value-codec.ts`, faster on the
 * ingest path); `PayloadType` is the reflection of the same schema, for tests and tools.
 */
const TIMESTAMP_PROTO = `
syntax = "proto3";

package google.protobuf;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
`;

const lines = (rows: readonly string[]) => rows.map((row) => `  ${row}`).join('\n');

const messageProto = (name: string, fields: readonly (readonly [string, number, string])[]) =>
  `message ${name} {\n${lines(fields.map(([field, n, type]) => `${type} ${field} = ${n};`))}\n}`;

const VEHICLE_DATA_PROTO = `
syntax = "proto3";
package telemetry.vehicle_data;

enum Field {
${lines(Object.entries(TELEMETRY_FIELDS).map(([name, n]) => `${name} = ${n};`))}
}

${Object.entries(TELEMETRY_ENUMS)
  .map(
    ([name, { prefix, names }]) =>
      `enum ${name} {\n${lines(names.map((value, n) => `${prefix}${value} = ${n};`))}\n}`,
  )
  .join('\n\n')}

${Object.entries(VALUE_MESSAGES)
  .map(([name, fields]) => messageProto(name, fields))
  .join('\n\n')}

message Value {
  oneof value {
${lines(VALUE_MEMBERS.map(([name, n, type]) => `  ${type} ${name} = ${n};`))}
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
${lines(CONNECTIVITY_STATUSES.map((name, n) => `${name} = ${n};`))}
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
${lines(ALERT_AUDIENCES.map((name, n) => `${name} = ${n};`))}
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

const ERRORS_PROTO = `
syntax = "proto3";
package telemetry.vehicle_error;

message VehicleError {
  google.protobuf.Timestamp created_at = 1;
  string name = 2;
  map<string, string> tags = 3;
  string body = 4;
}

message VehicleErrors {
  repeated VehicleError errors = 1;
  google.protobuf.Timestamp created_at = 2;
  string vin = 3;
}
`;

const root = new protobuf.Root();
protobuf.parse(TIMESTAMP_PROTO, root, { keepCase: false });
// Proto names as they are (`sentry_mode_state_value`, `DriverFront`), as Tesla's files spell them.
protobuf.parse(VEHICLE_DATA_PROTO, root, { keepCase: true });
for (const source of [CONNECTIVITY_PROTO, ALERTS_PROTO, ERRORS_PROTO]) {
  protobuf.parse(source, root, { keepCase: false });
}
root.resolveAll();

export const PayloadType = root.lookupType('telemetry.vehicle_data.Payload');
export const ValueType = root.lookupType('telemetry.vehicle_data.Value');
export const VehicleConnectivityType = root.lookupType('telemetry.vehicle_connectivity.VehicleConnectivity');
export const VehicleAlertsType = root.lookupType('telemetry.vehicle_alerts.VehicleAlerts');
export const VehicleErrorsType = root.lookupType('telemetry.vehicle_error.VehicleErrors');
