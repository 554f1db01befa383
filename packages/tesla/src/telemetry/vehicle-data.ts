import { TelemetryEncodeError } from './errors';
import {
  DETAILED_CHARGE_STATES,
  SHIFT_STATES,
  fieldNameOf,
  fieldNumberOf,
  TELEMETRY_FIELDS,
  type TelemetryFieldName,
} from './fields';
import { PayloadType } from './schema';
import type { TelemetryDatum, TelemetryPayload, TelemetryValue } from './types';
import {
  TO_OBJECT_OPTIONS,
  dateToJson,
  dateToWire,
  decodeBinary,
  enumFromJson,
  isRecord,
  jsonToDate,
  numberToJson,
  parseJsonObject,
  pick,
  shortestFloat32,
  toNumber,
  wireToDate,
  type JsonObject,
  type WireTimestamp,
} from './wire';

/** `Value` as protobufjs `toObject` gives it (int64 as strings, enums as numbers). */
interface WireValue {
  stringValue?: string;
  intValue?: number;
  longValue?: string | number;
  floatValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  locationValue?: { latitude?: number; longitude?: number };
  shiftStateValue?: number;
  invalid?: boolean;
  detailedChargeStateValue?: number;
}

interface WirePayload {
  data?: { key?: number; value?: WireValue }[];
  createdAt?: WireTimestamp;
  vin?: string;
  isResend?: boolean;
}

const EPOCH = () => new Date(0);

function valueToWire(value: TelemetryValue): WireValue {
  switch (value.kind) {
    case 'string':
      return { stringValue: value.value };
    case 'int':
      return { intValue: value.value };
    case 'long':
      return { longValue: Math.trunc(value.value) };
    case 'float':
      return { floatValue: value.value };
    case 'double':
      return { doubleValue: value.value };
    case 'boolean':
      return { booleanValue: value.value };
    case 'location':
      return { locationValue: { latitude: value.latitude, longitude: value.longitude } };
    case 'shiftState':
      return { shiftStateValue: SHIFT_STATES.indexOf(value.value) };
    case 'detailedChargeState':
      return { detailedChargeStateValue: DETAILED_CHARGE_STATES.indexOf(value.value) };
    case 'invalid':
      return { invalid: true };
  }
}

function keyToWire(key: TelemetryFieldName): number {
  const n = fieldNumberOf(key);
  if (n === null) throw new TelemetryEncodeError(`No field number known for "${key}"`);
  return n;
}

export function encodeVehiclePayload(p: TelemetryPayload): Uint8Array {
  const message = PayloadType.fromObject({
    data: p.data.map((d) => ({ key: keyToWire(d.key), value: valueToWire(d.value) })),
    createdAt: dateToWire(p.createdAt),
    vin: p.vin,
    isResend: p.isResend,
  });
  return PayloadType.encode(message).finish();
}

/** A value with no member we know (a newer firmware's value type) yields null: the datum is dropped. */
function valueFromWire(v: WireValue | undefined): TelemetryValue | null {
  if (!v) return null;
  if (v.stringValue !== undefined) return { kind: 'string', value: v.stringValue };
  if (v.intValue !== undefined) return { kind: 'int', value: v.intValue };
  if (v.longValue !== undefined) return { kind: 'long', value: Number(v.longValue) };
  if (v.floatValue !== undefined) return { kind: 'float', value: shortestFloat32(v.floatValue) };
  if (v.doubleValue !== undefined) return { kind: 'double', value: v.doubleValue };
  if (v.booleanValue !== undefined) return { kind: 'boolean', value: v.booleanValue };
  if (v.locationValue !== undefined) {
    return {
      kind: 'location',
      latitude: v.locationValue.latitude ?? 0,
      longitude: v.locationValue.longitude ?? 0,
    };
  }
  if (v.shiftStateValue !== undefined) {
    return { kind: 'shiftState', value: SHIFT_STATES[v.shiftStateValue] ?? 'Unknown' };
  }
  if (v.invalid !== undefined) return { kind: 'invalid' };
  if (v.detailedChargeStateValue !== undefined) {
    const state = DETAILED_CHARGE_STATES[v.detailedChargeStateValue] ?? 'Unknown';
    return { kind: 'detailedChargeState', value: state };
  }
  return null;
}

/** Decodes a protobuf `V` record. Throws `TelemetryDecodeError` when the bytes are not one. */
export function decodeVehiclePayload(bytes: Uint8Array): TelemetryPayload {
  return decodeBinary('V', bytes, () => {
    const wire = PayloadType.toObject(PayloadType.decode(bytes), TO_OBJECT_OPTIONS) as WirePayload;
    const data: TelemetryDatum[] = [];
    for (const d of wire.data ?? []) {
      const value = valueFromWire(d.value);
      if (value) data.push({ key: fieldNameOf(d.key ?? 0), value });
    }
    return {
      vin: wire.vin ?? '',
      createdAt: wireToDate(wire.createdAt) ?? EPOCH(),
      isResend: wire.isResend ?? false,
      data,
    };
  });
}

function valueToJson(value: TelemetryValue): JsonObject {
  switch (value.kind) {
    case 'string':
      return { stringValue: value.value };
    case 'int':
      return { intValue: value.value };
    case 'long':
      return { longValue: String(Math.trunc(value.value)) };
    case 'float':
      return { floatValue: numberToJson(value.value) };
    case 'double':
      return { doubleValue: numberToJson(value.value) };
    case 'boolean':
      return { booleanValue: value.value };
    case 'location':
      return {
        locationValue: {
          latitude: numberToJson(value.latitude),
          longitude: numberToJson(value.longitude),
        },
      };
    case 'shiftState':
      return { shiftStateValue: `ShiftState${value.value}` };
    case 'detailedChargeState':
      return { detailedChargeStateValue: `DetailedChargeState${value.value}` };
    case 'invalid':
      return { invalid: true };
  }
}

/** protojson of a known key is its enum name; of an unknown number, the number (as protojson does). */
function keyToJson(key: TelemetryFieldName): string | number {
  if (Object.hasOwn(TELEMETRY_FIELDS, key)) return key;
  return fieldNumberOf(key) ?? key;
}

/**
 * The record as fleet-telemetry writes it with `transmit_decoded_records`: camelCase names in
 * field-number order, int64 as strings, enums by name.
 */
export function vehiclePayloadToJson(p: TelemetryPayload): string {
  return JSON.stringify({
    data: p.data.map((d) => ({ key: keyToJson(d.key), value: valueToJson(d.value) })),
    createdAt: dateToJson(p.createdAt),
    vin: p.vin,
    isResend: p.isResend,
  });
}

function keyFromJson(key: unknown): TelemetryFieldName | null {
  if (typeof key === 'number' && Number.isInteger(key)) return fieldNameOf(key);
  if (typeof key !== 'string' || key === '') return null;
  if (/^\d+$/.test(key)) return fieldNameOf(Number(key));
  const n = fieldNumberOf(key);
  // `Field5` normalises to `Odometer`; a name from a newer schema is kept as it is.
  return n === null ? key : fieldNameOf(n);
}

function valueFromJson(v: unknown): TelemetryValue | null {
  if (!isRecord(v)) return null;
  const str = pick(v, 'stringValue', 'string_value');
  if (typeof str === 'string') return { kind: 'string', value: str };
  const numeric = (
    [
      ['int', 'intValue', 'int_value'],
      ['long', 'longValue', 'long_value'],
      ['float', 'floatValue', 'float_value'],
      ['double', 'doubleValue', 'double_value'],
    ] as const
  ).find(([, json, proto]) => pick(v, json, proto) !== undefined);
  if (numeric) {
    const n = toNumber(pick(v, numeric[1], numeric[2]));
    return n === null ? null : { kind: numeric[0], value: n };
  }
  const bool = pick(v, 'booleanValue', 'boolean_value');
  if (typeof bool === 'boolean') return { kind: 'boolean', value: bool };
  const loc = pick(v, 'locationValue', 'location_value');
  if (isRecord(loc)) {
    const latitude = toNumber(loc.latitude ?? 0);
    const longitude = toNumber(loc.longitude ?? 0);
    if (latitude === null || longitude === null) return null;
    return { kind: 'location', latitude, longitude };
  }
  const shift = pick(v, 'shiftStateValue', 'shift_state_value');
  if (shift !== undefined) {
    const state = enumFromJson(shift, SHIFT_STATES, 'ShiftState');
    return state === null ? null : { kind: 'shiftState', value: state };
  }
  const charge = pick(v, 'detailedChargeStateValue', 'detailed_charge_state_value');
  if (charge !== undefined) {
    const state = enumFromJson(charge, DETAILED_CHARGE_STATES, 'DetailedChargeState');
    return state === null ? null : { kind: 'detailedChargeState', value: state };
  }
  if (pick(v, 'invalid') === true) return { kind: 'invalid' };
  return null;
}

/**
 * Reads a protojson `V` record defensively: int64 as strings or numbers, keys as names or
 * numbers, and a datum whose value kind this build does not know is dropped, not fatal.
 */
export function decodeVehiclePayloadJson(json: unknown): TelemetryPayload {
  const obj = parseJsonObject(json, 'V');
  const rawData = pick(obj, 'data');
  const data: TelemetryDatum[] = [];
  for (const d of Array.isArray(rawData) ? (rawData as unknown[]) : []) {
    if (!isRecord(d)) continue;
    const key = keyFromJson(d.key ?? 0);
    const value = valueFromJson(d.value);
    if (key !== null && value !== null) data.push({ key, value });
  }
  const vin = pick(obj, 'vin');
  const isResend = pick(obj, 'isResend', 'is_resend');
  return {
    vin: typeof vin === 'string' ? vin : '',
    createdAt: jsonToDate(pick(obj, 'createdAt', 'created_at')) ?? EPOCH(),
    isResend: isResend === true || isResend === 'true',
    data,
  };
}
