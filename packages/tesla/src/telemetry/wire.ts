import { TelemetryDecodeError } from './errors';

/**
 * Shared helpers for the protobuf wire objects (from protobufjs `toObject`) and for protojson
 * as fleet-telemetry writes it: int64 as strings, RFC 3339 timestamps, NaN/Infinity as strings.
 */
export type RecordType = TelemetryDecodeError['recordType'];
export type JsonObject = Record<string, unknown>;

/** protobufjs conversion: int64 as decimal strings (no precision loss before we decide), enums as numbers. */
export const TO_OBJECT_OPTIONS = { longs: String, enums: Number, defaults: false } as const;

export interface WireTimestamp {
  seconds?: string | number;
  nanos?: number;
}

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function dateToWire(date: Date): { seconds: number; nanos: number } {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

export function wireToDate(ts: WireTimestamp | null | undefined): Date | null {
  if (!ts) return null;
  const seconds = Number(ts.seconds ?? 0);
  const nanos = ts.nanos ?? 0;
  return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
}

/** RFC 3339 in UTC with 0 or 3 fractional digits, as protojson prints a millisecond timestamp. */
export function dateToJson(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function jsonToDate(value: unknown): Date | null {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  // Some producers write {seconds, nanos} rather than the RFC 3339 string.
  if (isRecord(value) && ('seconds' in value || 'nanos' in value)) {
    const seconds = toNumber(value.seconds);
    const nanos = toNumber(value.nanos) ?? 0;
    return seconds === null ? null : new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
  }
  return null;
}

/** A JSON number, an int64/double as string, or protojson's "NaN"/"Infinity"/"-Infinity". */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === 'NaN') return Number.NaN;
  if (trimmed === 'Infinity') return Number.POSITIVE_INFINITY;
  if (trimmed === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isNaN(n) ? null : n;
}

/** protojson writes non-finite doubles as strings. */
export function numberToJson(n: number): number | string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return n;
}

/** The shortest decimal that is the same float32, so a decoded 71.3f reads 71.3, not 71.30000305. */
export function shortestFloat32(f: number): number {
  if (!Number.isFinite(f)) return f;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** Reads a protojson field by its JSON name, accepting the proto name too (as protojson parsers do). */
export function pick(obj: JsonObject, jsonName: string, protoName?: string): unknown {
  if (jsonName in obj) return obj[jsonName];
  return protoName !== undefined ? obj[protoName] : undefined;
}

/** A protojson string, or the object already parsed from one. */
export function parseJsonObject(input: unknown, recordType: RecordType): JsonObject {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (cause) {
      throw new TelemetryDecodeError(recordType, 'not valid JSON', { cause });
    }
  }
  if (!isRecord(value)) throw new TelemetryDecodeError(recordType, 'expected a JSON object');
  return value;
}

export function decodeBinary<T>(recordType: RecordType, bytes: Uint8Array, decode: () => T): T {
  if (!(bytes instanceof Uint8Array)) {
    throw new TelemetryDecodeError(recordType, 'expected bytes');
  }
  try {
    return decode();
  } catch (cause) {
    throw new TelemetryDecodeError(recordType, cause instanceof Error ? cause.message : 'invalid protobuf', {
      cause,
    });
  }
}

/** An enum value from protojson: its full name, its name without `prefix`, or its number. */
export function enumFromJson<T extends string>(value: unknown, names: readonly T[], prefix = ''): T | null {
  if (typeof value === 'number') return names[value] ?? null;
  if (typeof value !== 'string') return null;
  const bare = prefix && value.startsWith(prefix) ? value.slice(prefix.length) : value;
  return names.find((name) => name === bare) ?? null;
}
