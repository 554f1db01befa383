import { ALERT_AUDIENCES } from './values';
import { VehicleAlertsType } from './schema';
import type { AlertsRecord, VehicleAlert } from './types';
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

interface WireAlerts {
  alerts?: { name?: string; audiences?: number[]; startedAt?: WireTimestamp; endedAt?: WireTimestamp }[];
  createdAt?: WireTimestamp;
  vin?: string;
}

/** An audience this build does not know keeps its number as text rather than being lost. */
const audienceName = (n: number): string => ALERT_AUDIENCES[n] ?? String(n);

function audienceNumber(name: string): number {
  const known = ALERT_AUDIENCES.indexOf(name as (typeof ALERT_AUDIENCES)[number]);
  if (known >= 0) return known;
  return /^\d+$/.test(name) ? Number(name) : 0;
}

export function encodeAlerts(r: AlertsRecord): Uint8Array {
  const message = VehicleAlertsType.fromObject({
    alerts: r.alerts.map((a) => ({
      name: a.name,
      audiences: a.audiences.map(audienceNumber),
      startedAt: dateToWire(a.startedAt),
      ...(a.endedAt ? { endedAt: dateToWire(a.endedAt) } : {}),
    })),
    createdAt: dateToWire(r.createdAt),
    vin: r.vin,
  });
  return VehicleAlertsType.encode(message).finish();
}

export function decodeAlerts(bytes: Uint8Array): AlertsRecord {
  return decodeBinary('alerts', bytes, () => {
    const wire = VehicleAlertsType.toObject(VehicleAlertsType.decode(bytes), TO_OBJECT_OPTIONS) as WireAlerts;
    return {
      vin: wire.vin ?? '',
      createdAt: wireToDate(wire.createdAt) ?? new Date(0),
      alerts: (wire.alerts ?? []).map((a) => ({
        name: a.name ?? '',
        audiences: (a.audiences ?? []).map(audienceName),
        startedAt: wireToDate(a.startedAt) ?? new Date(0),
        endedAt: wireToDate(a.endedAt),
      })),
    };
  });
}

/** protojson of an alerts record; an alert still active has no `endedAt`. */
export function alertsToJson(r: AlertsRecord): string {
  return JSON.stringify({
    alerts: r.alerts.map((a) => ({
      name: a.name,
      audiences: a.audiences,
      startedAt: dateToJson(a.startedAt),
      ...(a.endedAt ? { endedAt: dateToJson(a.endedAt) } : {}),
    })),
    createdAt: dateToJson(r.createdAt),
    vin: r.vin,
  });
}

function alertFromJson(a: unknown): VehicleAlert | null {
  if (!isRecord(a)) return null;
  const name = pick(a, 'name');
  const audiences = pick(a, 'audiences');
  return {
    name: typeof name === 'string' ? name : '',
    audiences: Array.isArray(audiences)
      ? (audiences as unknown[]).flatMap((x) =>
          typeof x === 'string' ? [x] : typeof x === 'number' ? [audienceName(x)] : [],
        )
      : [],
    startedAt: jsonToDate(pick(a, 'startedAt', 'started_at')) ?? new Date(0),
    endedAt: jsonToDate(pick(a, 'endedAt', 'ended_at')),
  };
}

export function decodeAlertsJson(json: unknown): AlertsRecord {
  const obj = parseJsonObject(json, 'alerts');
  const vin = pick(obj, 'vin');
  const alerts = pick(obj, 'alerts');
  return {
    vin: typeof vin === 'string' ? vin : '',
    createdAt: jsonToDate(pick(obj, 'createdAt', 'created_at')) ?? new Date(0),
    alerts: Array.isArray(alerts) ? (alerts as unknown[]).map(alertFromJson).filter((a) => a !== null) : [],
  };
}
