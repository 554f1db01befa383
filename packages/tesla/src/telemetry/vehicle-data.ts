import protobuf from 'protobufjs';
import { TelemetryEncodeError } from './errors';
import { fieldNameOf, fieldNumberOf, TELEMETRY_FIELDS, type TelemetryFieldName } from './fields';
import type { TelemetryDatum, TelemetryPayload } from './types';
import {
  UNKNOWN_MEMBER,
  readValue,
  valueFromJson,
  valueToJson,
  writeValue,
  type Skipped,
} from './value-codec';
import { dateToJson, decodeBinary, isRecord, jsonToDate, parseJsonObject, pick } from './wire';

/**
 * What the decoders of `V` records have left out since the process started: datums whose value is
 * a `Value` member this build does not know (a newer firmware's type), or an enum number it does
 * not know. Each is skipped (never the whole record) and counted here, for a metric.
 */
export interface TelemetryDecodeCounts {
  /** Datums read, kept or left out. */
  datums: number;
  unknownValueMembers: number;
  unknownEnumValues: number;
}

const counts: TelemetryDecodeCounts = { datums: 0, unknownValueMembers: 0, unknownEnumValues: 0 };

/** A copy of the process-wide counts. */
export function telemetryDecodeCounts(): TelemetryDecodeCounts {
  return { ...counts };
}

function countSkipped(reason: Skipped): void {
  if (reason === UNKNOWN_MEMBER) counts.unknownValueMembers++;
  else counts.unknownEnumValues++;
}

const EPOCH = () => new Date(0);

function keyToWire(key: TelemetryFieldName): number {
  const n = fieldNumberOf(key);
  if (n === null) throw new TelemetryEncodeError(`No field number known for "${key}"`);
  return n;
}

/**
 * `telemetry.vehicle_data.Payload` as fleet-telemetry writes it: `data` (1, repeated Datum {key 1,
 * value 2}), `created_at` (2, Timestamp), `vin` (3), `is_resend` (4).
 */
export function encodeVehiclePayload(p: TelemetryPayload): Uint8Array {
  const w = protobuf.Writer.create();
  for (const d of p.data) {
    w.uint32(10).fork();
    const key = keyToWire(d.key);
    if (key !== 0) w.uint32(8).int32(key);
    w.uint32(18).fork();
    try {
      writeValue(w, d.value);
    } catch (error) {
      throw new TelemetryEncodeError(error instanceof Error ? error.message : String(error));
    }
    w.ldelim().ldelim();
  }
  const ms = p.createdAt.getTime();
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  w.uint32(18).fork();
  if (seconds !== 0) w.uint32(8).int64(seconds);
  if (nanos !== 0) w.uint32(16).int32(nanos);
  w.ldelim();
  if (p.vin !== '') w.uint32(26).string(p.vin);
  if (p.isResend) w.uint32(32).bool(true);
  return w.finish();
}

function readTimestamp(reader: protobuf.Reader, end: number): Date {
  let seconds = 0;
  let nanos = 0;
  while (reader.pos < end) {
    const t = reader.uint32();
    if (t === 8) seconds = protobuf.util.LongBits.from(reader.int64()).toNumber();
    else if (t === 16) nanos = reader.int32();
    else reader.skipType(t & 7);
  }
  return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
}

/** One `Datum`: pushed onto `data` when its value is readable; counted either way. */
function readDatum(reader: protobuf.Reader, end: number, data: TelemetryDatum[]): void {
  let key = 0;
  let value: ReturnType<typeof readValue> = UNKNOWN_MEMBER;
  while (reader.pos < end) {
    const t = reader.uint32();
    if (t === 8) key = reader.int32();
    else if (t === 18) value = readValue(reader, reader.uint32());
    else reader.skipType(t & 7);
  }
  counts.datums++;
  if (typeof value === 'number') countSkipped(value);
  else data.push({ key: fieldNameOf(key), value });
}

/**
 * Decodes a protobuf `V` record. A datum whose value this build cannot read is left out and
 * counted (`telemetryDecodeCounts`); `received` counts every datum. Throws `TelemetryDecodeError`
 * when the bytes are not a record.
 */
export function decodeVehiclePayload(bytes: Uint8Array): TelemetryPayload {
  return decodeBinary('V', bytes, () => {
    const reader = protobuf.Reader.create(bytes);
    const data: TelemetryDatum[] = [];
    let received = 0;
    let createdAt: Date | null = null;
    let vin = '';
    let isResend = false;
    while (reader.pos < reader.len) {
      const t = reader.uint32();
      switch (t) {
        case 10:
          readDatum(reader, reader.uint32() + reader.pos, data);
          received++;
          break;
        case 18:
          createdAt = readTimestamp(reader, reader.uint32() + reader.pos);
          break;
        case 26:
          vin = reader.string();
          break;
        case 32:
          isResend = reader.bool();
          break;
        default:
          reader.skipType(t & 7);
      }
    }
    return { vin, createdAt: createdAt ?? EPOCH(), isResend, data, received };
  });
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

/**
 * Reads a protojson `V` record defensively: int64 as strings or numbers, keys as names or numbers,
 * enums by full name, bare name or number. A datum whose value this build cannot read is left out
 * (and counted, as in `decodeVehiclePayload`); `received` counts every datum.
 */
export function decodeVehiclePayloadJson(json: unknown): TelemetryPayload {
  const obj = parseJsonObject(json, 'V');
  const rawData = pick(obj, 'data');
  const data: TelemetryDatum[] = [];
  const list = Array.isArray(rawData) ? (rawData as unknown[]) : [];
  for (const d of list) {
    counts.datums++;
    if (!isRecord(d)) continue;
    const key = keyFromJson(d.key ?? 0);
    const value = valueFromJson(d.value);
    if (typeof value === 'number') countSkipped(value);
    else if (key !== null && value !== null) data.push({ key, value });
  }
  const vin = pick(obj, 'vin');
  const isResend = pick(obj, 'isResend', 'is_resend');
  return {
    vin: typeof vin === 'string' ? vin : '',
    createdAt: jsonToDate(pick(obj, 'createdAt', 'created_at')) ?? EPOCH(),
    isResend: isResend === true || isResend === 'true',
    data,
    received: list.length,
  };
}
