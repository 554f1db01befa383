import { Counter, type Registry } from 'prom-client';
import {
  telemetryDecodeCounts,
  decodeAlerts,
  decodeAlertsJson,
  decodeConnectivity,
  decodeConnectivityJson,
  decodeVehiclePayload,
  decodeVehiclePayloadJson,
  decodeVehicleErrors,
  decodeVehicleErrorsJson,
  toVehicleSignals,
} from '@cybertacotruck/tesla';
import { observationFromSignals, type Observation } from '../live-state/live-state.fold';

/** The record types fleet-telemetry dispatches (Kafka topic `<namespace>_<kind>`). */
export type TelemetryKind = 'V' | 'connectivity' | 'alerts' | 'errors';
/**
 * The record types live state reads from Kafka. `errors` (what a car reports about its streaming
 * connection) is decoded when handed over in-process but says nothing about the car's state.
 */
export const TELEMETRY_KINDS: readonly TelemetryKind[] = ['V', 'connectivity', 'alerts'];
export type TelemetryEncoding = 'protobuf' | 'json';

/** One record as it comes off the wire (a Kafka message value, or the simulator's bytes). */
export interface RawTelemetryRecord {
  kind: TelemetryKind;
  value: Uint8Array | null;
  /** Detected from the bytes when absent (protojson is an object: it starts with `{`). */
  encoding?: TelemetryEncoding;
}

export interface DecodedTelemetry {
  kind: TelemetryKind;
  vin: string;
  createdAt: Date;
  /** What it says about the vehicle's live state; null = nothing (alerts, an UNKNOWN status). */
  observation: Observation | null;
  /**
   * Streamed datums Tesla bills for (TESLA.md "Billing"): every datum of the `V` record, those the
   * decoder left out (a value type or enum number this build does not know) included.
   */
  billedSignals: number;
}

export class UndecodableTelemetryError extends Error {
  constructor(
    readonly kind: TelemetryKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`undecodable ${kind} record: ${message}`, options);
    this.name = 'UndecodableTelemetryError';
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** protojson starts with `{` (after whitespace); protobuf never does (0x7b is a group start tag). */
export function detectEncoding(bytes: Uint8Array): TelemetryEncoding {
  // Indexed, not for…of: an iterator per record showed in the consumer's allocation profile.
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b ? 'json' : 'protobuf';
  }
  return 'protobuf';
}

/** Decodes one record; throws UndecodableTelemetryError (never with the payload in its message). */
export function decodeTelemetry(raw: RawTelemetryRecord): DecodedTelemetry {
  const { kind, value } = raw;
  if (!value || value.length === 0) throw new UndecodableTelemetryError(kind, 'empty value');
  const encoding = raw.encoding ?? detectEncoding(value);
  let decoded: DecodedTelemetry;
  try {
    decoded = decodeAs(kind, value, encoding);
  } catch (cause) {
    throw new UndecodableTelemetryError(
      kind,
      `not ${encoding === 'json' ? 'protojson' : 'protobuf'} (${cause instanceof Error ? cause.name : 'error'})`,
      { cause },
    );
  }
  // Garbage can parse as an (empty) protobuf message: without a VIN and a time it is not a record.
  if (decoded.vin === '' || decoded.createdAt.getTime() <= 0) {
    throw new UndecodableTelemetryError(kind, 'no vin or created_at');
  }
  return decoded;
}

function decodeAs(kind: TelemetryKind, value: Uint8Array, encoding: TelemetryEncoding): DecodedTelemetry {
  const json = encoding === 'json' ? textDecoder.decode(value) : null;
  if (kind === 'V') {
    const payload = json === null ? decodeVehiclePayload(value) : decodeVehiclePayloadJson(json);
    const { signals } = toVehicleSignals(payload);
    return {
      kind,
      vin: payload.vin,
      createdAt: payload.createdAt,
      observation: observationFromSignals(signals, payload.createdAt),
      billedSignals: payload.received ?? payload.data.length,
    };
  }
  if (kind === 'connectivity') {
    const record = json === null ? decodeConnectivity(value) : decodeConnectivityJson(json);
    return {
      kind,
      vin: record.vin,
      createdAt: record.createdAt,
      observation:
        record.status === 'UNKNOWN'
          ? null
          : {
              at: record.createdAt,
              source: 'telemetry',
              // A car that drops its telemetry connection is asleep or out of coverage; the list tells which.
              connectivity: record.status === 'CONNECTED' ? 'online' : 'asleep',
            },
      billedSignals: 0,
    };
  }
  if (kind === 'errors') {
    const errors = json === null ? decodeVehicleErrors(value) : decodeVehicleErrorsJson(json);
    return { kind, vin: errors.vin, createdAt: errors.createdAt, observation: null, billedSignals: 0 };
  }
  const alerts = json === null ? decodeAlerts(value) : decodeAlertsJson(json);
  return { kind, vin: alerts.vin, createdAt: alerts.createdAt, observation: null, billedSignals: 0 };
}

/**
 * `telemetry_datums_total`: every datum decoded (each is billed), and
 * `telemetry_datums_skipped_total{reason}`: those left out because their value is a `Value` member
 * (`unknown_value_member`) or an enum number (`unknown_enum_value`) this build does not know. Read
 * from the decoder's process-wide counts when scraped; registered once per registry.
 */
export function registerTelemetryDecodeMetrics(registry: Registry): void {
  if (registry.getSingleMetric('telemetry_datums_total')) return;
  const seen = { datums: 0, unknownValueMembers: 0, unknownEnumValues: 0 };
  const take = (key: keyof typeof seen): number => {
    const now = telemetryDecodeCounts()[key];
    const delta = now - seen[key];
    seen[key] = now;
    return delta;
  };
  new Counter({
    name: 'telemetry_datums_total',
    help: 'Fleet Telemetry datums decoded (every one is billed), kept or left out',
    registers: [registry],
    collect() {
      this.inc(take('datums'));
    },
  });
  new Counter({
    name: 'telemetry_datums_skipped_total',
    help: 'Fleet Telemetry datums left out: a Value member or enum number this build does not know',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.inc({ reason: 'unknown_value_member' }, take('unknownValueMembers'));
      this.inc({ reason: 'unknown_enum_value' }, take('unknownEnumValues'));
    },
  });
}
