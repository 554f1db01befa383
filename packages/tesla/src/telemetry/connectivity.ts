import { CONNECTIVITY_STATUSES } from './values';
import { VehicleConnectivityType } from './schema';
import type { ConnectivityRecord } from './types';
import {
  TO_OBJECT_OPTIONS,
  dateToJson,
  dateToWire,
  decodeBinary,
  enumFromJson,
  jsonToDate,
  parseJsonObject,
  pick,
  wireToDate,
  type WireTimestamp,
} from './wire';

interface WireConnectivity {
  vin?: string;
  connectionId?: string;
  status?: number;
  createdAt?: WireTimestamp;
  networkInterface?: string;
}

export function encodeConnectivity(r: ConnectivityRecord): Uint8Array {
  const message = VehicleConnectivityType.fromObject({
    vin: r.vin,
    connectionId: r.connectionId,
    status: CONNECTIVITY_STATUSES.indexOf(r.status),
    createdAt: dateToWire(r.createdAt),
    networkInterface: r.networkInterface,
  });
  return VehicleConnectivityType.encode(message).finish();
}

export function decodeConnectivity(bytes: Uint8Array): ConnectivityRecord {
  return decodeBinary('connectivity', bytes, () => {
    const wire = VehicleConnectivityType.toObject(
      VehicleConnectivityType.decode(bytes),
      TO_OBJECT_OPTIONS,
    ) as WireConnectivity;
    return {
      vin: wire.vin ?? '',
      connectionId: wire.connectionId ?? '',
      status: CONNECTIVITY_STATUSES[wire.status ?? 0] ?? 'UNKNOWN',
      createdAt: wireToDate(wire.createdAt) ?? new Date(0),
      networkInterface: wire.networkInterface ?? '',
    };
  });
}

export function connectivityToJson(r: ConnectivityRecord): string {
  return JSON.stringify({
    vin: r.vin,
    connectionId: r.connectionId,
    status: r.status,
    createdAt: dateToJson(r.createdAt),
    networkInterface: r.networkInterface,
  });
}

export function decodeConnectivityJson(json: unknown): ConnectivityRecord {
  const obj = parseJsonObject(json, 'connectivity');
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    vin: str(pick(obj, 'vin')),
    connectionId: str(pick(obj, 'connectionId', 'connection_id')),
    status: enumFromJson(pick(obj, 'status'), CONNECTIVITY_STATUSES) ?? 'UNKNOWN',
    createdAt: jsonToDate(pick(obj, 'createdAt', 'created_at')) ?? new Date(0),
    networkInterface: str(pick(obj, 'networkInterface', 'network_interface')),
  };
}
