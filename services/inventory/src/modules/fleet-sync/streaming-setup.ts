import { createHash } from 'node:crypto';
import type { Logger } from '@cybertacotruck/platform';
import {
  TeslaRateLimitedError,
  TeslaUnauthorizedError,
  type FleetApiClient,
  type FleetTelemetryConfig,
  type FleetStatus,
} from '@cybertacotruck/tesla';
import type { StreamingTarget } from '../tesla/tesla-port';
import {
  blankAccess,
  type TeslaAccessPatch,
  type TeslaAccessRepository,
  type VehicleTeslaAccess,
} from './tesla-access.repository';

/** Telemetry fields requested when a car is set to stream (interval = at most once per N s). */
export const TELEMETRY_FIELDS: FleetTelemetryConfig['fields'] = {
  Location: { interval_seconds: 30 },
  VehicleSpeed: { interval_seconds: 30 },
  GpsHeading: { interval_seconds: 60 },
  Gear: { interval_seconds: 1 },
  Soc: { interval_seconds: 300 },
  BatteryLevel: { interval_seconds: 300 },
  RatedRange: { interval_seconds: 300 },
  DetailedChargeState: { interval_seconds: 1 },
  ChargeLimitSoc: { interval_seconds: 60 },
  TimeToFullCharge: { interval_seconds: 300 },
  Locked: { interval_seconds: 1 },
  SentryMode: { interval_seconds: 1 },
  Odometer: { interval_seconds: 300 },
  // Tyre pressures for the pickup and return readings: they change slowly.
  TpmsPressureFl: { interval_seconds: 600 },
  TpmsPressureFr: { interval_seconds: 600 },
  TpmsPressureRl: { interval_seconds: 600 },
  TpmsPressureRr: { interval_seconds: 600 },
  Version: { interval_seconds: 3600 },
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How often the streaming set-up spends a billed call (each is a data request, $1 per 500). Every
 * call is per account except the read-backs of cars still waiting to take their configuration.
 */
export interface StreamingPolicy {
  /** `fleet_status` while a car waits for its key (or a firmware update). */
  statusWhileWaitingMs: number;
  /** `fleet_status` even when every car streams: a key removed, a firmware update. */
  statusEveryMs: number;
  /**
   * `GET fleet_telemetry_config` of a car configured, online and still not streaming (an asleep
   * car cannot take it: it waits, free; a car that streams has taken it: free to see).
   */
  syncCheckMs: number;
  /** Online, not streaming this long after its configuration: read the errors the car reported. */
  errorsAfterMs: number;
  /** Retry of a car skipped for `max_configs` or `unsupported_hardware` (an owner may free a slot). */
  skippedRetryMs: number;
  /** How long a configuration lasts (`exp`), and how long before that it is re-sent. */
  configLifetimeMs: number;
  renewBeforeMs: number;
}

export const DEFAULT_STREAMING_POLICY: StreamingPolicy = {
  statusWhileWaitingMs: 30 * MINUTE,
  statusEveryMs: DAY,
  syncCheckMs: 30 * MINUTE,
  errorsAfterMs: HOUR,
  skippedRetryMs: DAY,
  configLifetimeMs: 365 * DAY,
  renewBeforeMs: 30 * DAY,
};

export interface StreamingVehicle {
  id: string;
  vin: string;
  /** When the newest streamed record of the car was created: proof that it took its configuration. */
  lastTelemetryAt: Date | null;
  /** Online as the vehicle list last said: only an awake car can take a configuration. */
  online: boolean;
}

export interface StreamingPass {
  statusRead: boolean;
  configured: string[];
  skipped: Record<string, string>;
  synced: string[];
}

const FLEET_STATUS_BATCH = 100;

/**
 * Virtual keys and Fleet Telemetry for one account's cars: reads `fleet_status` (paired? needs
 * the command protocol? firmware?), configures paired cars to stream to the operator's
 * fleet-telemetry server (through the signing proxy), records Tesla's skip reasons, reads back
 * `synced` and the car's errors, and retries a skipped car when its reason may have gone away: a key
 * paired since, a firmware update, a day later for a full config list. Called on the vehicle-list
 * passes of the sync, so it never runs hotter than they do; each step has its own interval.
 */
export class StreamingSetup {
  constructor(
    private readonly access: TeslaAccessRepository,
    private readonly logger: Logger,
    private readonly policy: StreamingPolicy = DEFAULT_STREAMING_POLICY,
  ) {}

  async refresh(
    client: FleetApiClient,
    vehicles: readonly StreamingVehicle[],
    target: StreamingTarget | null,
    now: Date,
    o: { force?: boolean } = {},
  ): Promise<StreamingPass> {
    const pass: StreamingPass = { statusRead: false, configured: [], skipped: {}, synced: [] };
    if (vehicles.length === 0) return pass;
    const rows = new Map(
      (await this.access.forVehicles(vehicles.map((v) => v.id))).map((r) => [r.vehicleId, r]),
    );
    const state = (v: StreamingVehicle): VehicleTeslaAccess => rows.get(v.id) ?? blankAccess(v.id);
    const save = async (v: StreamingVehicle, patch: TeslaAccessPatch) => {
      rows.set(v.id, { ...state(v), ...patch });
      await this.access.save(v.id, patch);
    };
    const t = now.getTime();
    const force = o.force === true;

    // 1. fleet_status, one call per 100 cars: only when something waits on it, or once a day.
    const oldest = Math.min(...vehicles.map((v) => state(v).statusCheckedAt?.getTime() ?? -Infinity));
    const waiting = vehicles.some(
      (v) => state(v).keyPaired !== true || state(v).streamingState === 'skipped',
    );
    if (
      force ||
      oldest === -Infinity ||
      (waiting && t - oldest >= this.policy.statusWhileWaitingMs) ||
      t - oldest >= this.policy.statusEveryMs
    ) {
      for (let i = 0; i < vehicles.length; i += FLEET_STATUS_BATCH) {
        const batch = vehicles.slice(i, i + FLEET_STATUS_BATCH);
        const status = await client.fleetStatus(batch.map((v) => v.vin));
        for (const v of batch) await save(v, statusPatch(v, state(v), status, now));
      }
      pass.statusRead = true;
    }

    // 2. Configure paired cars that do not have this configuration yet (or whose reason to be
    // skipped may have gone away); Tesla answers which it skipped and why.
    if (target) {
      const config: FleetTelemetryConfig = {
        hostname: target.hostname,
        port: target.port,
        ...(target.ca ? { ca: target.ca } : {}),
        exp: Math.floor((t + this.policy.configLifetimeMs) / 1000),
        fields: TELEMETRY_FIELDS,
        alert_types: ['service'],
        prefer_typed: true,
      };
      const hash = configHash(config);
      const due = vehicles.filter((v) => this.needsConfig(state(v), hash, t, force));
      if (due.length > 0) {
        const result = await client.createFleetTelemetryConfig({ vins: due.map((v) => v.vin), config });
        for (const v of due) {
          const reason = result.skippedVehicles[v.vin];
          if (reason) {
            pass.skipped[v.vin] = reason;
            await save(v, {
              streamingState: 'skipped',
              skipReason: reason,
              skippedAt: now,
              skippedFirmware: state(v).firmwareVersion,
              ...(reason === 'missing_key' ? { keyPaired: false } : {}),
            });
          } else {
            pass.configured.push(v.vin);
            await save(v, {
              streamingState: 'pending',
              skipReason: null,
              configHash: hash,
              configExpiresAt: new Date((config.exp ?? 0) * 1000),
              configuredAt: now,
              configCheckedAt: null,
              telemetryErrors: [],
            });
          }
        }
      }
    }

    // 3. A configured car is synced once it streams (free to see). One that is online and still
    // silent is asked about now and then (config synced? errors?); an asleep one simply waits.
    for (const v of vehicles) {
      const s = state(v);
      if (s.streamingState !== 'pending' || pass.configured.includes(v.vin) || !s.configuredAt) continue;
      if (v.lastTelemetryAt && v.lastTelemetryAt >= s.configuredAt) {
        pass.synced.push(v.vin);
        await save(v, { streamingState: 'synced', configCheckedAt: now });
        continue;
      }
      const lastLook = (s.configCheckedAt ?? s.configuredAt).getTime();
      if (!force && (!v.online || t - lastLook < this.policy.syncCheckMs)) continue;
      const read = await client.getFleetTelemetryConfig(v.vin);
      const patch: TeslaAccessPatch = { configCheckedAt: now };
      if (read.synced) {
        pass.synced.push(v.vin);
        patch.streamingState = 'synced';
      }
      if (t - s.configuredAt.getTime() >= this.policy.errorsAfterMs || force) {
        const errors = await client.fleetTelemetryErrors(v.vin);
        patch.telemetryErrors = errors.map((e) => ({
          name: e.name,
          error: e.error,
          createdAt: e.createdAt ? e.createdAt.toISOString() : null,
        }));
        patch.errorsCheckedAt = now;
      }
      await save(v, patch);
    }
    return pass;
  }

  private needsConfig(s: VehicleTeslaAccess, hash: string, t: number, force: boolean): boolean {
    if (s.keyPaired !== true) return false;
    switch (s.streamingState) {
      case 'not_configured':
        return true;
      case 'pending':
      case 'synced':
        return (
          s.configHash !== hash ||
          s.configExpiresAt === null ||
          s.configExpiresAt.getTime() - t < this.policy.renewBeforeMs
        );
      case 'skipped':
        if (s.skipReason === 'missing_key') return true; // paired since: fleet_status said so
        if (s.skipReason === 'unsupported_firmware') return s.firmwareVersion !== s.skippedFirmware;
        return force || s.skippedAt === null || t - s.skippedAt.getTime() >= this.policy.skippedRetryMs;
    }
  }

  /** Says why a pass failed in a way worth one warning, or rethrows what the sync handles itself. */
  failed(error: unknown): string {
    if (error instanceof TeslaRateLimitedError || error instanceof TeslaUnauthorizedError) throw error;
    this.logger.warn({ err: error }, 'could not set up Fleet Telemetry this pass; polling meanwhile');
    return error instanceof Error ? error.message : 'streaming set-up failed';
  }
}

function statusPatch(
  v: StreamingVehicle,
  s: VehicleTeslaAccess,
  status: FleetStatus,
  now: Date,
): TeslaAccessPatch {
  const upper = v.vin.toUpperCase();
  const paired = status.keyPairedVins.some((x) => x.toUpperCase() === upper);
  const info = status.vehicleInfo[v.vin] ?? status.vehicleInfo[upper] ?? {};
  const patch: TeslaAccessPatch = {
    keyPaired: paired,
    commandProtocolRequired: info.vehicleCommandProtocolRequired ?? s.commandProtocolRequired,
    firmwareVersion: info.firmwareVersion ?? s.firmwareVersion,
    telemetryVersion: info.fleetTelemetryVersion ?? s.telemetryVersion,
    statusCheckedAt: now,
  };
  // The key was removed: the car no longer takes (or keeps) a configuration from this app.
  if (!paired && (s.streamingState === 'pending' || s.streamingState === 'synced'))
    Object.assign(patch, { streamingState: 'skipped', skipReason: 'missing_key', skippedAt: now });
  return patch;
}

/** The configuration's identity without its expiry (which moves every time it is computed). */
function configHash(config: FleetTelemetryConfig): string {
  const { exp: _exp, ...rest } = config;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}
