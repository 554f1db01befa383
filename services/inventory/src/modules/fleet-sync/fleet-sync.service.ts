import type { Logger } from '@cybertacotruck/platform';
import {
  isTeslaAborted,
  NeedsReconsentError,
  TeslaRateLimitedError,
  TeslaUnauthorizedError,
  type FleetApiClient,
  type FleetVehicle,
} from '@cybertacotruck/tesla';
import { connectivityOf, observationFromVehicleData } from '../live-state/live-state.fold';
import type { LiveStateRepository, VehicleLiveState } from '../live-state/live-state.repository';
import type { LiveStateService } from '../live-state/live-state.service';
import type { TelemetryIngestService } from '../telemetry/telemetry-ingest.service';
import type { TeslaRuntime } from '../tesla/tesla-runtime';
import type { ConnectionRecord, ConnectionsRepository } from '../tesla-connections/connections.repository';
import { connectionNotFound } from '../tesla-connections/connections.service';
import type { VehiclesRepository } from '../vehicles/vehicles.repository';
import type { StreamingSetup } from './streaming-setup';
import { DEFAULT_SYNC_POLICY, listIntervalMs, shouldPollVehicleData, type SyncPolicy } from './sync-policy';
import { modelOf } from './vin-model';

export interface SyncReport {
  connectionId: string;
  listed: boolean;
  polled: string[];
  skipped: Record<string, string>;
  /** Fleet Telemetry set-up this pass: cars configured, and cars Tesla skipped with its reason. */
  streaming?: { configured: string[]; skipped: Record<string, string>; error?: string };
  error?: string;
}

/**
 * Imports a Tesla account's vehicles and keeps their live state, spending calls per SyncPolicy.
 * Telemetry records (protobuf, as fleet-telemetry writes them) fold into the same live state.
 */
export class FleetSyncService {
  private readonly nextListAt = new Map<string, number>();
  private readonly backoffUntil = new Map<string, number>();

  constructor(
    private readonly runtime: TeslaRuntime,
    private readonly connections: ConnectionsRepository,
    private readonly vehicles: VehiclesRepository,
    private readonly liveRepo: LiveStateRepository,
    private readonly live: LiveStateService,
    /** The batched telemetry fold: records of a car just imported must no longer be skipped. */
    private readonly telemetry: Pick<TelemetryIngestService, 'forgetUnknownVins' | 'ingest'>,
    /** Virtual keys (fleet_status) and Fleet Telemetry configuration, on vehicle-list passes. */
    private readonly streaming: StreamingSetup,
    private readonly logger: Logger,
    private readonly policy: SyncPolicy = DEFAULT_SYNC_POLICY,
  ) {}

  /** Every vehicle on the account into the fleet (never waking one), then streaming where possible. */
  async importVehicles(
    connection: ConnectionRecord,
    now: Date,
  ): Promise<{ imported: number; created: number }> {
    const client = await this.runtime.clientFor(connection);
    const listed = await this.listAll(client);
    let created = 0;
    for (const v of listed) {
      const model = modelOf(v.vin);
      if (!model) {
        this.logger.warn({ vin: v.vin }, 'skipping a vehicle whose model the VIN does not tell');
        continue;
      }
      const result = await this.vehicles.upsertFromTesla({
        vin: v.vin,
        model,
        displayName: v.displayName ?? `Tesla ${v.vin.slice(-6)}`,
        color: null,
        trim: null,
        connectionId: connection.id,
        teslaVehicleId: v.idS,
      });
      if (result.created) created++;
      await this.live.apply(result.record.id, {
        at: now,
        source: 'list',
        connectivity: connectivityOf(v.state),
      });
    }
    this.nextListAt.set(connection.id, now.getTime() + this.policy.listActiveMs);
    await this.connections.markSynced(connection.id, now);
    // Records of these VINs may have been skipped (and remembered) as unknown before the import.
    this.telemetry.forgetUnknownVins();
    await this.setUpStreaming(client, connection.id, now, true);
    return { imported: listed.length, created };
  }

  /**
   * Keys and streaming for the connection's cars (see StreamingSetup for what it spends). A failure
   * here costs streaming, not the sync: the cars are polled meanwhile.
   */
  private async setUpStreaming(
    client: FleetApiClient,
    connectionId: string,
    now: Date,
    force: boolean,
  ): Promise<SyncReport['streaming']> {
    const known = await this.vehicles.listByConnection(connectionId);
    const live = new Map(
      (await this.liveRepo.forVehicles(known.map((k) => k.id))).map((s) => [s.vehicleId, s]),
    );
    try {
      const pass = await this.streaming.refresh(
        client,
        known.map((k) => ({
          id: k.id,
          vin: k.vin,
          lastTelemetryAt: live.get(k.id)?.lastTelemetryAt ?? null,
          online: live.get(k.id)?.connectivity === 'online',
        })),
        await this.runtime.streamingTarget(),
        now,
        { force },
      );
      return { configured: pass.configured, skipped: pass.skipped };
    } catch (error) {
      return { configured: [], skipped: {}, error: this.streaming.failed(error) };
    }
  }

  private async listAll(client: FleetApiClient): Promise<FleetVehicle[]> {
    const all: FleetVehicle[] = [];
    for (let page = 1; page <= 50; page++) {
      const { vehicles, count } = await client.listVehicles({ page, perPage: 100 });
      all.push(...vehicles);
      if (vehicles.length === 0 || all.length >= count) break;
    }
    return all;
  }

  /** An operator's "sync now": the vehicle list whatever the policy says, then the policy. */
  async syncNow(connectionId: string, now: Date): Promise<SyncReport> {
    const connection = await this.connections.findById(connectionId);
    if (!connection) throw connectionNotFound(connectionId);
    return this.syncConnection(connection, now, { forceList: true });
  }

  /** One pass of the sync policy for one connection. */
  async syncConnection(
    connection: ConnectionRecord,
    now: Date,
    o: { forceList?: boolean; stopped?: AbortSignal } = {},
  ): Promise<SyncReport> {
    const report: SyncReport = { connectionId: connection.id, listed: false, polled: [], skipped: {} };
    if (connection.status !== 'connected') return { ...report, error: connection.status };
    const backoff = this.backoffUntil.get(connection.id) ?? 0;
    if (now.getTime() < backoff) return { ...report, error: 'rate limited: waiting as Tesla asked' };
    const known = await this.vehicles.listByConnection(connection.id);
    const states = new Map(
      (await this.liveRepo.forVehicles(known.map((k) => k.id))).map((s) => [s.vehicleId, s]),
    );
    try {
      const client = await this.runtime.clientFor(connection);
      if (o.forceList === true || now.getTime() >= (this.nextListAt.get(connection.id) ?? 0)) {
        const listed = await this.listAll(client);
        report.listed = true;
        const byVin = new Map(known.map((k) => [k.vin, k]));
        // A car importVehicles skips (model unknown from the VIN) must not re-trigger the import,
        // with its second list call and streaming re-configuration, on every list pass.
        if (listed.some((v) => !byVin.has(v.vin) && modelOf(v.vin) !== null))
          await this.importVehicles(connection, now);
        else report.streaming = await this.setUpStreaming(client, connection.id, now, o.forceList === true);
        for (const v of listed) {
          const vehicle = byVin.get(v.vin);
          if (!vehicle) continue;
          const state = await this.live.apply(vehicle.id, {
            at: now,
            source: 'list',
            connectivity: connectivityOf(v.state),
          });
          states.set(vehicle.id, state);
        }
        // This account's cars only: another account's unstreamed car must not speed up this list.
        const views = known.flatMap((k) => {
          const state = states.get(k.id);
          return state ? [toView(state)] : [];
        });
        this.nextListAt.set(connection.id, now.getTime() + listIntervalMs(views, this.policy));
        await this.connections.markSynced(connection.id, now);
      }
      for (const vehicle of known) {
        // Shutting down: the next pass reads the rest (a drain must fit the grace period).
        if (o.stopped?.aborted) break;
        const state = states.get(vehicle.id);
        if (!state) continue;
        const decision = shouldPollVehicleData(toView(state), now, this.policy);
        if (!decision.poll) {
          report.skipped[vehicle.vin] = decision.reason;
          continue;
        }
        const result = await client.vehicleData(vehicle.vin);
        if (result.status === 'ok') {
          await this.live.apply(vehicle.id, observationFromVehicleData(result.data, now));
          const config = result.data.vehicleConfig;
          if (config)
            await this.vehicles.fillDetails(vehicle.id, {
              color: config.exteriorColor ?? null,
              trim: config.trimBadging ?? null,
            });
          report.polled.push(vehicle.vin);
        } else {
          // 408: the car fell asleep (or went offline) since the list said online. A state, not an error.
          await this.live.apply(vehicle.id, { at: now, source: 'poll', connectivity: result.reason });
        }
      }
    } catch (error) {
      report.error = this.handleError(connection, error, now);
    } finally {
      await this.runtime.flushUsage();
    }
    return report;
  }

  private handleError(connection: ConnectionRecord, error: unknown, now: Date): string {
    // The process is stopping: nothing failed, the next pass (here or in another process) goes on.
    if (isTeslaAborted(error)) return 'stopped: the process is shutting down';
    if (
      error instanceof NeedsReconsentError ||
      (error instanceof TeslaUnauthorizedError && error.needsReconsent)
    ) {
      this.logger.warn({ connectionId: connection.id }, 'Tesla connection needs re-consent');
      void this.connections.setStatus(connection.id, 'needs_reconsent', 'Tesla refused the stored tokens');
      return 'needs re-consent';
    }
    if (error instanceof TeslaRateLimitedError) {
      this.backoffUntil.set(connection.id, now.getTime() + error.retryAfterMs);
      return `rate limited for ${Math.round(error.retryAfterMs / 1000)} s`;
    }
    this.logger.error({ err: error, connectionId: connection.id }, 'Tesla sync failed');
    return error instanceof Error ? error.message : 'sync failed';
  }

  /**
   * Folds one Fleet Telemetry message (the Kafka value, protobuf or protojson) into live state, through
   * the same batched fold as the simulator feed and the Kafka consumer.
   */
  async ingestTelemetry(topic: 'V' | 'connectivity' | 'alerts' | 'errors', bytes: Uint8Array): Promise<void> {
    await this.telemetry.ingest([{ kind: topic, value: bytes }]);
  }
}

function toView(s: VehicleLiveState) {
  return {
    connectivity: s.connectivity,
    activity: s.activity,
    activitySince: s.activitySince,
    lastPolledAt: s.lastPolledAt,
    streaming: s.streaming,
    dataAsOf: s.dataAsOf,
  };
}
