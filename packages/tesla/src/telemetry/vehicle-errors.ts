import { VehicleErrorsType } from './schema';
import type { ErrorsRecord, VehicleErrorEntry } from './types';
import {
  TO_OBJECT_OPTIONS,
  dateToJson,
  dateToWire,
  decodeBinary,
  isRecord,
  jsonToDate,
  parseJsonObject,
  pick,
  wireToDate,
  type WireTimestamp,
} from './wire';

// `<namespace>_errors` records (`telemetry.vehicle_error.VehicleErrors`): what a vehicle reports
// about its streaming connection (the same errors `GET …/fleet_telemetry_errors` lists).

interface WireErrors {
  errors?: { createdAt?: WireTimestamp; name?: string; tags?: Record<string, string>; body?: string }[];
  createdAt?: WireTimestamp;
  vin?: string;
}

export function encodeVehicleErrors(r: ErrorsRecord): Uint8Array {
  const message = VehicleErrorsType.fromObject({
    errors: r.errors.map((e) => ({
      createdAt: dateToWire(e.createdAt),
      name: e.name,
      tags: e.tags,
      body: e.body,
    })),
    createdAt: dateToWire(r.createdAt),
    vin: r.vin,
  });
  return VehicleErrorsType.encode(message).finish();
}

export function decodeVehicleErrors(bytes: Uint8Array): ErrorsRecord {
  return decodeBinary('errors', bytes, () => {
    const wire = VehicleErrorsType.toObject(VehicleErrorsType.decode(bytes), TO_OBJECT_OPTIONS) as WireErrors;
    return {
      vin: wire.vin ?? '',
      createdAt: wireToDate(wire.createdAt) ?? new Date(0),
      errors: (wire.errors ?? []).map((e) => ({
        createdAt: wireToDate(e.createdAt) ?? new Date(0),
        name: e.name ?? '',
        tags: { ...e.tags },
        body: e.body ?? '',
      })),
    };
  });
}

export function vehicleErrorsToJson(r: ErrorsRecord): string {
  return JSON.stringify({
    errors: r.errors.map((e) => ({
      createdAt: dateToJson(e.createdAt),
      name: e.name,
      tags: e.tags,
      body: e.body,
    })),
    createdAt: dateToJson(r.createdAt),
    vin: r.vin,
  });
}

function errorFromJson(e: unknown): VehicleErrorEntry | null {
  if (!isRecord(e)) return null;
  const name = pick(e, 'name');
  const body = pick(e, 'body');
  const tags = pick(e, 'tags');
  return {
    createdAt: jsonToDate(pick(e, 'createdAt', 'created_at')) ?? new Date(0),
    name: typeof name === 'string' ? name : '',
    tags: isRecord(tags)
      ? Object.fromEntries(
          Object.entries(tags).filter((kv): kv is [string, string] => typeof kv[1] === 'string'),
        )
      : {},
    body: typeof body === 'string' ? body : '',
  };
}

export function decodeVehicleErrorsJson(json: unknown): ErrorsRecord {
  const obj = parseJsonObject(json, 'errors');
  const vin = pick(obj, 'vin');
  const errors = pick(obj, 'errors');
  return {
    vin: typeof vin === 'string' ? vin : '',
    createdAt: jsonToDate(pick(obj, 'createdAt', 'created_at')) ?? new Date(0),
    errors: Array.isArray(errors) ? (errors as unknown[]).map(errorFromJson).filter((e) => e !== null) : [],
  };
}
