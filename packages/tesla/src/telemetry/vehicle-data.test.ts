import { describe, expect, it } from 'vitest';
import { TelemetryDecodeError, TelemetryEncodeError } from './errors';
import type { TelemetryPayload } from './types';
import {
  decodeVehiclePayload,
  decodeVehiclePayloadJson,
  encodeVehiclePayload,
  vehiclePayloadToJson,
} from './vehicle-data';

const VIN = '5YJ3E1EA7KF000001';
const createdAt = new Date('2026-03-01T10:15:30.250Z');

const payload: TelemetryPayload = {
  vin: VIN,
  createdAt,
  isResend: false,
  data: [
    { key: 'Soc', value: { kind: 'double', value: 71.5 } },
    { key: 'Odometer', value: { kind: 'long', value: 12_345_678_901 } },
    { key: 'VehicleName', value: { kind: 'string', value: 'cybertruck' } },
    { key: 'ChargeLimitSoc', value: { kind: 'int', value: 80 } },
    { key: 'InsideTemp', value: { kind: 'float', value: 21.3 } },
    { key: 'Locked', value: { kind: 'boolean', value: true } },
    { key: 'Location', value: { kind: 'location', latitude: 37.4925, longitude: -121.9447 } },
    { key: 'Gear', value: { kind: 'shiftState', value: 'D' } },
    { key: 'DetailedChargeState', value: { kind: 'detailedChargeState', value: 'Charging' } },
    { key: 'VehicleSpeed', value: { kind: 'invalid' } },
    { key: 'BatteryLevel', value: { kind: 'double', value: 0 } },
  ],
};

describe('V records, protobuf', () => {
  it('round-trips every value kind, including zero values inside the oneof', () => {
    const decoded = decodeVehiclePayload(encodeVehiclePayload(payload));
    expect(decoded).toEqual({ ...payload, received: payload.data.length });
  });

  it('keeps a field number this build does not know as Field<n>', () => {
    const bytes = encodeVehiclePayload({
      ...payload,
      data: [{ key: 'Field9999', value: { kind: 'int', value: 3 } }],
    });
    expect(decodeVehiclePayload(bytes).data).toEqual([
      { key: 'Field9999', value: { kind: 'int', value: 3 } },
    ]);
  });

  it('refuses to encode a name with no field number', () => {
    const bad = { ...payload, data: [{ key: 'BrandNewSignal', value: { kind: 'invalid' as const } }] };
    expect(() => encodeVehiclePayload(bad)).toThrow(TelemetryEncodeError);
  });

  it('throws a typed error on corrupted bytes', () => {
    const bytes = encodeVehiclePayload(payload);
    expect(() => decodeVehiclePayload(bytes.subarray(0, bytes.length - 7))).toThrow(TelemetryDecodeError);
    expect(() => decodeVehiclePayload(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f]))).toThrow(
      TelemetryDecodeError,
    );
    expect(() => decodeVehiclePayload(Uint8Array.from([0x0f]))).toThrow(/Cannot decode/);
  });
});

describe('V records, protojson', () => {
  it('writes what fleet-telemetry writes with transmit_decoded_records', () => {
    const json = vehiclePayloadToJson({
      vin: VIN,
      createdAt: new Date('2026-03-01T10:15:30Z'),
      isResend: false,
      data: [
        { key: 'Soc', value: { kind: 'double', value: 71.5 } },
        { key: 'Odometer', value: { kind: 'long', value: 12_345 } },
        { key: 'Location', value: { kind: 'location', latitude: 37.5, longitude: -122 } },
        { key: 'Gear', value: { kind: 'shiftState', value: 'D' } },
        { key: 'DetailedChargeState', value: { kind: 'detailedChargeState', value: 'Charging' } },
        { key: 'VehicleSpeed', value: { kind: 'invalid' } },
        { key: 'Field9999', value: { kind: 'boolean', value: false } },
      ],
    });
    expect(json).toBe(
      '{"data":[' +
        '{"key":"Soc","value":{"doubleValue":71.5}},' +
        '{"key":"Odometer","value":{"longValue":"12345"}},' +
        '{"key":"Location","value":{"locationValue":{"latitude":37.5,"longitude":-122}}},' +
        '{"key":"Gear","value":{"shiftStateValue":"ShiftStateD"}},' +
        '{"key":"DetailedChargeState","value":{"detailedChargeStateValue":"DetailedChargeStateCharging"}},' +
        '{"key":"VehicleSpeed","value":{"invalid":true}},' +
        '{"key":9999,"value":{"booleanValue":false}}' +
        `],"createdAt":"2026-03-01T10:15:30Z","vin":"${VIN}","isResend":false}`,
    );
  });

  it('keeps milliseconds and writes non-finite numbers as protojson strings', () => {
    const json = vehiclePayloadToJson({
      vin: VIN,
      createdAt,
      isResend: true,
      data: [{ key: 'Soc', value: { kind: 'double', value: Number.NaN } }],
    });
    expect(json).toBe(
      `{"data":[{"key":"Soc","value":{"doubleValue":"NaN"}}],"createdAt":"2026-03-01T10:15:30.250Z","vin":"${VIN}","isResend":true}`,
    );
  });

  it('round-trips through its own JSON', () => {
    expect(decodeVehiclePayloadJson(vehiclePayloadToJson(payload))).toEqual({
      ...payload,
      received: payload.data.length,
    });
  });

  it('reads a hand-written fleet-telemetry sample defensively', () => {
    const sample = `{
      "data": [
        {"key": "VehicleName", "value": {"stringValue": "cybertruck"}},
        {"key": "Odometer", "value": {"longValue": "48213"}},
        {"key": "Soc", "value": {"doubleValue": 64.25}},
        {"key": "BatteryLevel", "value": {"intValue": "63"}},
        {"key": "Gear", "value": {"shiftStateValue": "ShiftStateP"}},
        {"key": "DetailedChargeState", "value": {"detailedChargeStateValue": 4}},
        {"key": "Location", "value": {"location_value": {"latitude": 52.52, "longitude": 13.405}}},
        {"key": "BrakePedal", "value": {"booleanValue": false}},
        {"key": 9999, "value": {"stringValue": "x"}},
        {"key": "Field5", "value": {"doubleValue": 1}},
        {"key": "LightsHazardsActive", "value": {"lightsHazardsValue": "HazardsOff"}},
        {"key": "Soc", "value": {}},
        "not a datum"
      ],
      "isResend": false,
      "createdAt": "2026-03-01T10:15:30.123456789Z",
      "vin": "${VIN}",
      "somethingNew": {"a": 1}
    }`;
    const decoded = decodeVehiclePayloadJson(sample);
    expect(decoded.vin).toBe(VIN);
    expect(decoded.isResend).toBe(false);
    expect(decoded.createdAt.toISOString()).toBe('2026-03-01T10:15:30.123Z');
    expect(decoded.data).toEqual([
      { key: 'VehicleName', value: { kind: 'string', value: 'cybertruck' } },
      { key: 'Odometer', value: { kind: 'long', value: 48_213 } },
      { key: 'Soc', value: { kind: 'double', value: 64.25 } },
      { key: 'BatteryLevel', value: { kind: 'int', value: 63 } },
      { key: 'Gear', value: { kind: 'shiftState', value: 'P' } },
      { key: 'DetailedChargeState', value: { kind: 'detailedChargeState', value: 'Charging' } },
      { key: 'Location', value: { kind: 'location', latitude: 52.52, longitude: 13.405 } },
      { key: 'BrakePedal', value: { kind: 'boolean', value: false } },
      { key: 'Field9999', value: { kind: 'string', value: 'x' } },
      { key: 'Odometer', value: { kind: 'double', value: 1 } },
    ]);
  });

  it('accepts an already-parsed object and rejects what is not a record', () => {
    expect(decodeVehiclePayloadJson({ vin: 'V', data: [] }).vin).toBe('V');
    expect(() => decodeVehiclePayloadJson('{not json')).toThrow(TelemetryDecodeError);
    expect(() => decodeVehiclePayloadJson('[1,2]')).toThrow(TelemetryDecodeError);
    expect(() => decodeVehiclePayloadJson(null)).toThrow(TelemetryDecodeError);
  });
});
