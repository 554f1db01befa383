import {
  alertsToJson,
  connectivityToJson,
  encodeAlerts,
  encodeConnectivity,
  encodeVehicleErrors,
  encodeVehiclePayload,
  vehicleErrorsToJson,
  vehiclePayloadToJson,
  TELEMETRY_FIELDS,
  type AlertsRecord,
  type ConnectivityRecord,
  type ErrorsRecord,
  type TelemetryDatum,
  type TelemetryPayload,
  type TelemetryValue,
} from '@cybertacotruck/tesla';
import type { BillingMeter } from './billing';
import type { StepObserver } from './fleet/world';
import { isOnline, type SimVehicle } from './fleet/vehicle-model';
import { createRng, deriveSeed, type Rng } from './prng';
import { DEFAULT_STREAMING_FIELDS, asSent, numericOf, readField } from './telemetry-values';

/** The `config` object of `POST /api/1/vehicles/fleet_telemetry_config`, as stored per vehicle. */
export interface TelemetryConfig {
  hostname: string;
  port?: number;
  ca?: string;
  exp?: number;
  fields: Record<
    string,
    { interval_seconds?: number; minimum_delta?: number; resend_interval_seconds?: number }
  >;
  alert_types?: string[];
  prefer_typed?: boolean;
}

export interface TelemetryRecord {
  /** fleet-telemetry's record type: topic `<namespace>_<topic>`. */
  topic: 'V' | 'connectivity' | 'alerts' | 'errors';
  vin: string;
  /** The Kafka message key: the VIN. */
  key: string;
  protobuf: Uint8Array;
  json: string;
  createdAt: Date;
}

interface Stream {
  config: TelemetryConfig;
  /** The car has received the config (it was online after it was set). */
  synced: boolean;
  connectionId: string | null;
  sent: Map<string, { value: TelemetryValue; atMs: number }>;
  lowSocAlertSince: Date | null;
  /** How many of the vehicle's `telemetryErrors` went out as `errors` records. */
  errorsSent: number;
}

const DEFAULT_INTERVAL_S = 60;
const LOW_SOC = 20;

/** Streams Fleet Telemetry records for configured cars as the model steps; bills each datum. */
export class TelemetryHub implements StepObserver {
  private readonly streams = new Map<string, Stream>();
  private readonly listeners = new Set<(r: TelemetryRecord) => void>();
  private readonly rng: Rng;
  private connections = 0;

  constructor(
    private readonly seed: number,
    private readonly billing: BillingMeter,
  ) {
    this.rng = createRng(deriveSeed(seed, 'telemetry'));
  }

  onRecord(cb: (r: TelemetryRecord) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  configure(v: SimVehicle, config: TelemetryConfig, nowMs: number): void {
    const previous = this.streams.get(v.vin);
    const stream: Stream = {
      config,
      synced: isOnline(v),
      connectionId: previous?.connectionId ?? null,
      sent: new Map(),
      lowSocAlertSince: null,
      errorsSent: previous?.errorsSent ?? 0,
    };
    this.streams.set(v.vin, stream);
    if (isOnline(v) && !stream.connectionId) this.connect(v, stream, nowMs);
  }

  /** `control.setStreaming(vin, true)`: every default field at a 10 s interval, typed values. */
  configureDefault(v: SimVehicle, nowMs: number): void {
    this.configure(
      v,
      {
        hostname: 'telemetry.tesla-sim.test',
        port: 443,
        fields: Object.fromEntries(DEFAULT_STREAMING_FIELDS.map((f) => [f, { interval_seconds: 10 }])),
        alert_types: ['service'],
        prefer_typed: true,
      },
      nowMs,
    );
  }

  remove(v: SimVehicle, nowMs: number): boolean {
    const stream = this.streams.get(v.vin);
    if (!stream) return false;
    if (stream.connectionId) this.emitConnectivity(v, stream.connectionId, 'DISCONNECTED', nowMs);
    this.streams.delete(v.vin);
    return true;
  }

  get(vin: string): { config: TelemetryConfig; synced: boolean } | undefined {
    const s = this.streams.get(vin);
    return s && { config: s.config, synced: s.synced };
  }

  isStreaming(vin: string): boolean {
    return this.streams.has(vin);
  }

  afterStep(v: SimVehicle, _wasOnline: boolean, nowMs: number): void {
    const stream = this.streams.get(v.vin);
    if (!stream) return;
    const online = isOnline(v);
    if (online && !stream.connectionId) this.connect(v, stream, nowMs);
    if (!online) {
      if (stream.connectionId) this.emitConnectivity(v, stream.connectionId, 'DISCONNECTED', nowMs);
      stream.connectionId = null;
      return;
    }
    this.emitSignals(v, stream, nowMs);
    this.maybeAlert(v, stream, nowMs);
    this.emitErrors(v, stream);
  }

  private connect(v: SimVehicle, stream: Stream, nowMs: number): void {
    this.connections += 1;
    const r = createRng(deriveSeed(this.seed, 'connection', v.vin, this.connections));
    const hex = Array.from({ length: 32 }, () => r.int(0, 15).toString(16)).join('');
    stream.connectionId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    stream.synced = true;
    // A fresh connection sends every field's current value.
    stream.sent.clear();
    this.emitConnectivity(v, stream.connectionId, 'CONNECTED', nowMs);
    // A field the firmware does not know is reported, as fleet_telemetry_errors lists it.
    const unknown = Object.keys(stream.config.fields).filter((f) => !Object.hasOwn(TELEMETRY_FIELDS, f));
    if (unknown.length > 0) {
      this.emitErrorsRecord(v.vin, new Date(nowMs), [
        {
          createdAt: new Date(nowMs),
          name: 'vehicle-telemetry-client',
          tags: { fields: unknown.join(',') },
          body: `unknown fields in config: ${unknown.join(', ')}`,
        },
      ]);
    }
  }

  /** The vehicle's new telemetry errors (`/sim/vehicles/:vin/telemetry_error`) as an `errors` record. */
  private emitErrors(v: SimVehicle, stream: Stream): void {
    if (stream.errorsSent >= v.telemetryErrors.length) return;
    const fresh = v.telemetryErrors.slice(stream.errorsSent);
    stream.errorsSent = v.telemetryErrors.length;
    const at = new Date(fresh[fresh.length - 1]?.atMs ?? 0);
    this.emitErrorsRecord(
      v.vin,
      at,
      fresh.map((e) => ({ createdAt: new Date(e.atMs), name: e.name, tags: {}, body: e.error })),
    );
  }

  private emitErrorsRecord(vin: string, createdAt: Date, errors: ErrorsRecord['errors']): void {
    if (this.listeners.size === 0) return;
    const record: ErrorsRecord = { vin, createdAt, errors };
    this.emit({
      topic: 'errors',
      vin,
      key: vin,
      protobuf: encodeVehicleErrors(record),
      json: vehicleErrorsToJson(record),
      createdAt,
    });
  }

  private emitSignals(v: SimVehicle, stream: Stream, nowMs: number): void {
    const data: TelemetryDatum[] = [];
    for (const [field, opts] of Object.entries(stream.config.fields)) {
      const value = readField(v, field);
      if (!value) continue;
      const last = stream.sent.get(field);
      const intervalMs = (opts.interval_seconds ?? DEFAULT_INTERVAL_S) * 1000;
      if (last) {
        if (nowMs - last.atMs < intervalMs) continue;
        const resendMs = (opts.resend_interval_seconds ?? 0) * 1000;
        const resendDue = resendMs > 0 && nowMs - last.atMs >= resendMs;
        if (!resendDue && !changed(last.value, value, opts.minimum_delta)) continue;
      }
      stream.sent.set(field, { value, atMs: nowMs });
      data.push({ key: field, value: asSent(field, value, stream.config.prefer_typed === true) });
    }
    if (data.length === 0) return;
    this.billing.record('signal', data.length, { vin: v.vin, account: v.accountEmail });
    if (this.listeners.size === 0) return;
    const payload: TelemetryPayload = { vin: v.vin, createdAt: new Date(nowMs), isResend: false, data };
    this.emit({
      topic: 'V',
      vin: v.vin,
      key: v.vin,
      protobuf: encodeVehiclePayload(payload),
      json: vehiclePayloadToJson(payload),
      createdAt: payload.createdAt,
    });
  }

  /** A low-battery alert while it lasts, and now and then a tyre-pressure service alert. */
  private maybeAlert(v: SimVehicle, stream: Stream, nowMs: number): void {
    if (!stream.config.alert_types?.length) return;
    const now = new Date(nowMs);
    if (v.batteryLevel < LOW_SOC && !stream.lowSocAlertSince) {
      stream.lowSocAlertSince = now;
      this.emitAlert(v, {
        name: 'BMS_a066_w_Low_SOC',
        audiences: ['Customer'],
        startedAt: now,
        endedAt: null,
      });
    } else if (v.batteryLevel >= LOW_SOC + 1 && stream.lowSocAlertSince) {
      const startedAt = stream.lowSocAlertSince;
      stream.lowSocAlertSince = null;
      this.emitAlert(v, { name: 'BMS_a066_w_Low_SOC', audiences: ['Customer'], startedAt, endedAt: now });
    }
    if (v.activity === 'driving' && this.rng.chance(1 / 3000)) {
      this.emitAlert(v, {
        name: 'TPMS_a048_w_Soft_Warning',
        audiences: ['Customer', 'ServiceFix'],
        startedAt: now,
        endedAt: new Date(nowMs + 60_000),
      });
    }
  }

  private emitAlert(v: SimVehicle, alert: AlertsRecord['alerts'][number]): void {
    if (this.listeners.size === 0) return;
    const record: AlertsRecord = { vin: v.vin, createdAt: alert.endedAt ?? alert.startedAt, alerts: [alert] };
    this.emit({
      topic: 'alerts',
      vin: v.vin,
      key: v.vin,
      protobuf: encodeAlerts(record),
      json: alertsToJson(record),
      createdAt: record.createdAt,
    });
  }

  private emitConnectivity(
    v: SimVehicle,
    connectionId: string,
    status: ConnectivityRecord['status'],
    nowMs: number,
  ): void {
    if (this.listeners.size === 0) return;
    const record: ConnectivityRecord = {
      vin: v.vin,
      connectionId,
      status,
      createdAt: new Date(nowMs),
      networkInterface: v.activity === 'driving' ? 'cellular' : 'wifi',
    };
    this.emit({
      topic: 'connectivity',
      vin: v.vin,
      key: v.vin,
      protobuf: encodeConnectivity(record),
      json: connectivityToJson(record),
      createdAt: record.createdAt,
    });
  }

  private emit(record: TelemetryRecord): void {
    for (const cb of this.listeners) {
      try {
        cb(record);
      } catch {
        // A failing consumer must not break the simulation.
      }
    }
  }
}

function changed(a: TelemetryValue, b: TelemetryValue, minimumDelta: number | undefined): boolean {
  const na = numericOf(a);
  const nb = numericOf(b);
  if (na !== null && nb !== null) return Math.abs(na - nb) >= (minimumDelta ?? Number.MIN_VALUE) && na !== nb;
  return JSON.stringify(a) !== JSON.stringify(b);
}
