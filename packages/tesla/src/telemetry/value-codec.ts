import protobuf from 'protobufjs';
import type { TelemetryValue } from './types';
import {
  TELEMETRY_ENUMS,
  VALUE_MEMBERS,
  VALUE_MESSAGES,
  jsonNameOf,
  type DetailedChargeStateName,
  type ShiftStateName,
  type TelemetryEnumType,
  type ValueMessageType,
  type ValueScalarType,
} from './values';
import { isRecord, numberToJson, shortestFloat32, toNumber, type JsonObject } from './wire';

/**
 * The `Value` oneof on the wire, read and written by member number from the tables in `values.ts`
 * (protobuf by hand with protobufjs' Reader/Writer, and protojson). This is on the ingest hot path:
 * one table lookup per datum, no closures, no intermediate objects.
 */

type MemberType = ValueScalarType | ValueMessageType | TelemetryEnumType;

interface Member {
  number: number;
  protoName: string;
  jsonName: string;
  type: MemberType;
  /** The enum's wire prefix and names, for enum members. */
  enumType: TelemetryEnumType | null;
}

const isEnumType = (t: string): t is TelemetryEnumType => Object.hasOwn(TELEMETRY_ENUMS, t);

const MEMBERS: Member[] = VALUE_MEMBERS.map(([protoName, number, type]) => ({
  number,
  protoName,
  jsonName: jsonNameOf(protoName),
  type,
  enumType: isEnumType(type) ? type : null,
}));
const MEMBER_BY_NUMBER: (Member | undefined)[] = [];
const MEMBER_BY_JSON = new Map<string, Member>();
const MEMBER_OF_ENUM = new Map<TelemetryEnumType, Member>();
for (const m of MEMBERS) {
  MEMBER_BY_NUMBER[m.number] = m;
  MEMBER_BY_JSON.set(m.jsonName, m);
  MEMBER_BY_JSON.set(m.protoName, m);
  if (m.enumType) MEMBER_OF_ENUM.set(m.enumType, m);
}
const memberOf = (protoName: string): Member => {
  const m = MEMBERS.find((x) => x.protoName === protoName);
  if (!m) throw new Error(`no Value member ${protoName}`);
  return m;
};
const M = {
  string: memberOf('string_value'),
  int: memberOf('int_value'),
  long: memberOf('long_value'),
  float: memberOf('float_value'),
  double: memberOf('double_value'),
  boolean: memberOf('boolean_value'),
  location: memberOf('location_value'),
  invalid: memberOf('invalid'),
  doors: memberOf('door_value'),
  time: memberOf('time_value'),
  tireLocation: memberOf('tire_location_value'),
};

/** A message's fields: number → the value's property (`DriverFront` → `driverFront`). */
const lcFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const messageKeys = (type: ValueMessageType): (string | undefined)[] => {
  const keys: (string | undefined)[] = [];
  for (const [name, n] of VALUE_MESSAGES[type]) keys[n] = lcFirst(jsonNameOf(name));
  return keys;
};
const DOOR_KEYS = messageKeys('Doors');
const TIRE_KEYS = messageKeys('TireLocation');

/** Why a datum's value was left out (counted by the caller). */
export const UNKNOWN_MEMBER = 1;
export const UNKNOWN_ENUM_VALUE = 2;
export type Skipped = typeof UNKNOWN_MEMBER | typeof UNKNOWN_ENUM_VALUE;

function enumValue(type: TelemetryEnumType, n: number): TelemetryValue | Skipped {
  const name = TELEMETRY_ENUMS[type].names[n];
  if (name === undefined) return UNKNOWN_ENUM_VALUE;
  if (type === 'ShiftState') return { kind: 'shiftState', value: name as ShiftStateName };
  if (type === 'DetailedChargeStateValue') {
    return { kind: 'detailedChargeState', value: name as DetailedChargeStateName };
  }
  return { kind: 'enum', type, value: name };
}

function readBools(
  reader: protobuf.Reader,
  end: number,
  keys: (string | undefined)[],
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const key of keys) if (key !== undefined) out[key] = false;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const key = keys[tag >>> 3];
    if (key !== undefined && (tag & 7) === 0) out[key] = reader.bool();
    else reader.skipType(tag & 7);
  }
  return out;
}

/** Reads one `Value` message of `length` bytes; the member it holds, or why it was left out. */
export function readValue(reader: protobuf.Reader, length: number): TelemetryValue | Skipped {
  const end = reader.pos + length;
  let value: TelemetryValue | Skipped = UNKNOWN_MEMBER;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const member = MEMBER_BY_NUMBER[tag >>> 3];
    if (!member) {
      reader.skipType(wireType);
      continue;
    }
    if (member.enumType) {
      value = enumValue(member.enumType, reader.int32());
      continue;
    }
    switch (member.type) {
      case 'string':
        value = { kind: 'string', value: reader.string() };
        break;
      case 'int32':
        value = { kind: 'int', value: reader.int32() };
        break;
      case 'int64':
        value = { kind: 'long', value: protobuf.util.LongBits.from(reader.int64()).toNumber() };
        break;
      case 'float':
        value = { kind: 'float', value: shortestFloat32(reader.float()) };
        break;
      case 'double':
        value = { kind: 'double', value: reader.double() };
        break;
      case 'bool': {
        const b = reader.bool();
        value = member === M.invalid ? { kind: 'invalid' } : { kind: 'boolean', value: b };
        break;
      }
      case 'LocationValue': {
        const stop = reader.uint32() + reader.pos;
        let latitude = 0;
        let longitude = 0;
        while (reader.pos < stop) {
          const t = reader.uint32();
          if (t === 9) latitude = reader.double();
          else if (t === 17) longitude = reader.double();
          else reader.skipType(t & 7);
        }
        value = { kind: 'location', latitude, longitude };
        break;
      }
      case 'Time': {
        const stop = reader.uint32() + reader.pos;
        const hms = [0, 0, 0, 0];
        while (reader.pos < stop) {
          const t = reader.uint32();
          const n = t >>> 3;
          if (n >= 1 && n <= 3 && (t & 7) === 0) hms[n] = reader.int32();
          else reader.skipType(t & 7);
        }
        value = { kind: 'time', hour: hms[1] ?? 0, minute: hms[2] ?? 0, second: hms[3] ?? 0 };
        break;
      }
      case 'Doors': {
        const stop = reader.uint32() + reader.pos;
        value = { kind: 'doors', value: readBools(reader, stop, DOOR_KEYS) as never };
        break;
      }
      case 'TireLocation': {
        const stop = reader.uint32() + reader.pos;
        value = { kind: 'tireLocation', value: readBools(reader, stop, TIRE_KEYS) as never };
        break;
      }
      default:
        reader.skipType(wireType);
    }
  }
  return value;
}

const tag = (w: protobuf.Writer, m: Member, wireType: number) => w.uint32((m.number << 3) | wireType);

function writeBools(w: protobuf.Writer, keys: (string | undefined)[], values: Record<string, boolean>): void {
  keys.forEach((key, n) => {
    if (key !== undefined && values[key]) w.uint32(n << 3).bool(true);
  });
}

/** Writes `v` as the fields of a `Value` message. Throws on an enum value name the table does not have. */
export function writeValue(w: protobuf.Writer, v: TelemetryValue): void {
  switch (v.kind) {
    case 'string':
      tag(w, M.string, 2).string(v.value);
      return;
    case 'int':
      tag(w, M.int, 0).int32(v.value);
      return;
    case 'long':
      tag(w, M.long, 0).int64(Math.trunc(v.value));
      return;
    case 'float':
      tag(w, M.float, 5).float(v.value);
      return;
    case 'double':
      tag(w, M.double, 1).double(v.value);
      return;
    case 'boolean':
      tag(w, M.boolean, 0).bool(v.value);
      return;
    case 'invalid':
      tag(w, M.invalid, 0).bool(true);
      return;
    case 'location':
      tag(w, M.location, 2).fork().uint32(9).double(v.latitude).uint32(17).double(v.longitude).ldelim();
      return;
    case 'time':
      tag(w, M.time, 2)
        .fork()
        .uint32(8)
        .int32(v.hour)
        .uint32(16)
        .int32(v.minute)
        .uint32(24)
        .int32(v.second)
        .ldelim();
      return;
    case 'doors':
      tag(w, M.doors, 2).fork();
      writeBools(w, DOOR_KEYS, v.value as unknown as Record<string, boolean>);
      w.ldelim();
      return;
    case 'tireLocation':
      tag(w, M.tireLocation, 2).fork();
      writeBools(w, TIRE_KEYS, v.value as unknown as Record<string, boolean>);
      w.ldelim();
      return;
    case 'shiftState':
    case 'detailedChargeState':
    case 'enum': {
      const type: TelemetryEnumType =
        v.kind === 'enum' ? v.type : v.kind === 'shiftState' ? 'ShiftState' : 'DetailedChargeStateValue';
      const n = enumNumber(type, v.value);
      const member = MEMBER_OF_ENUM.get(type);
      if (n === null || !member) throw new RangeError(`${type} has no value ${v.value}`);
      tag(w, member, 0).int32(n);
      return;
    }
  }
}

/** An enum value's number from its name, with or without the wire prefix. */
export function enumNumber(type: TelemetryEnumType, name: string): number | null {
  const { prefix, names } = TELEMETRY_ENUMS[type];
  const bare = name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
  const n = (names as readonly string[]).indexOf(bare);
  return n >= 0 ? n : null;
}

/** protojson of a value, as fleet-telemetry writes it (enums by full name, int64 as a string). */
export function valueToJson(value: TelemetryValue): JsonObject {
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
    case 'invalid':
      return { invalid: true };
    case 'location':
      return {
        locationValue: { latitude: numberToJson(value.latitude), longitude: numberToJson(value.longitude) },
      };
    case 'time':
      return { timeValue: { hour: value.hour, minute: value.minute, second: value.second } };
    case 'doors':
      return { doorValue: boolsToJson(DOOR_KEYS, value.value as unknown as Record<string, boolean>, true) };
    case 'tireLocation':
      return {
        tireLocationValue: boolsToJson(TIRE_KEYS, value.value as unknown as Record<string, boolean>, false),
      };
    case 'shiftState':
      return { shiftStateValue: `ShiftState${value.value}` };
    case 'detailedChargeState':
      return { detailedChargeStateValue: `DetailedChargeState${value.value}` };
    case 'enum': {
      const member = MEMBER_OF_ENUM.get(value.type);
      return { [member?.jsonName ?? value.type]: `${TELEMETRY_ENUMS[value.type].prefix}${value.value}` };
    }
  }
}

/** Doors' protojson names are capitalised (`DriverFront`): their proto names are. */
function boolsToJson(
  keys: (string | undefined)[],
  values: Record<string, boolean>,
  capitalised: boolean,
): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) {
    if (key !== undefined && values[key])
      out[capitalised ? key.charAt(0).toUpperCase() + key.slice(1) : key] = true;
  }
  return out;
}

function boolsFromJson(keys: (string | undefined)[], obj: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  const src = isRecord(obj) ? obj : {};
  for (const key of keys) {
    if (key === undefined) continue;
    const upper = key.charAt(0).toUpperCase() + key.slice(1);
    out[key] = src[key] === true || src[upper] === true;
  }
  return out;
}

function enumFromJsonValue(type: TelemetryEnumType, raw: unknown): TelemetryValue | Skipped | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? enumValue(type, raw) : null;
  if (typeof raw !== 'string') return null;
  const n = enumNumber(type, raw);
  return n === null ? UNKNOWN_ENUM_VALUE : enumValue(type, n);
}

/**
 * A protojson `Value` object: the member it holds, why it was left out, or null when it is not
 * readable as that member (a number that is not one).
 */
export function valueFromJson(v: unknown): TelemetryValue | Skipped | null {
  if (!isRecord(v)) return null;
  for (const key in v) {
    const member = MEMBER_BY_JSON.get(key);
    if (!member) continue;
    const raw = v[key];
    if (member.enumType) return enumFromJsonValue(member.enumType, raw);
    switch (member.type) {
      case 'string':
        return typeof raw === 'string' ? { kind: 'string', value: raw } : null;
      case 'int32':
      case 'int64':
      case 'float':
      case 'double': {
        const n = toNumber(raw);
        if (n === null) return null;
        const kind = member.type === 'int32' ? 'int' : member.type === 'int64' ? 'long' : member.type;
        return { kind, value: n };
      }
      case 'bool':
        if (member === M.invalid) return { kind: 'invalid' };
        return typeof raw === 'boolean' ? { kind: 'boolean', value: raw } : null;
      case 'LocationValue': {
        if (!isRecord(raw)) return null;
        const latitude = toNumber(raw.latitude ?? 0);
        const longitude = toNumber(raw.longitude ?? 0);
        return latitude === null || longitude === null ? null : { kind: 'location', latitude, longitude };
      }
      case 'Time': {
        const t = isRecord(raw) ? raw : {};
        return {
          kind: 'time',
          hour: toNumber(t.hour) ?? 0,
          minute: toNumber(t.minute) ?? 0,
          second: toNumber(t.second) ?? 0,
        };
      }
      case 'Doors':
        return { kind: 'doors', value: boolsFromJson(DOOR_KEYS, raw) as never };
      case 'TireLocation':
        return { kind: 'tireLocation', value: boolsFromJson(TIRE_KEYS, raw) as never };
    }
  }
  return UNKNOWN_MEMBER;
}
