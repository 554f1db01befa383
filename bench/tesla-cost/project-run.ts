/**
 * Run 1: the project's own sync policy, end to end. The real inventory code (TeslaRuntime over the
 * simulated Tesla port, FleetSyncService, live state, usage table) on an in-memory PGlite database,
 * against a simulator on a manual clock, its telemetry folded in record by record.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase, migrateSchema } from '@cybertacotruck/db';
import { SecretBox, parseConfig } from '@cybertacotruck/platform';
import { DEFAULT_SCOPES } from '@cybertacotruck/tesla';
import { startTeslaSim } from '@cybertacotruck/tesla-sim';
import { InventoryConfigSchema } from '../../services/inventory/src/config';
import { inventoryMigrations } from '../../services/inventory/src/migrations';
import { FleetSyncService } from '../../services/inventory/src/modules/fleet-sync/fleet-sync.service';
import { StreamingSetup } from '../../services/inventory/src/modules/fleet-sync/streaming-setup';
import { TeslaAccessRepository } from '../../services/inventory/src/modules/fleet-sync/tesla-access.repository';
import { LiveStateRepository } from '../../services/inventory/src/modules/live-state/live-state.repository';
import { LiveStateService } from '../../services/inventory/src/modules/live-state/live-state.service';
import { TelemetryIngestService } from '../../services/inventory/src/modules/telemetry/telemetry-ingest.service';
import { ConnectionsRepository } from '../../services/inventory/src/modules/tesla-connections/connections.repository';
import { SealedTokenStore } from '../../services/inventory/src/modules/tesla-connections/token-store';
import { simulatedTesla } from '../../services/inventory/src/modules/tesla/tesla-port';
import { TeslaRuntime } from '../../services/inventory/src/modules/tesla/tesla-runtime';
import { UsageRepository } from '../../services/inventory/src/modules/tesla/usage.repository';
import { VehiclesRepository } from '../../services/inventory/src/modules/vehicles/vehicles.repository';
import type { InventoryTables } from '../../services/inventory/src/tables';
import { tallyingLogger } from './logger';
import type { BillingCounts } from '@cybertacotruck/tesla';
import {
  DAY_MS,
  HOUR_MS,
  countsOf,
  seconds,
  zeroCounts,
  type KeyGroup,
  type RunResult,
  type SimSetup,
} from './shared';

export interface ProjectRunOptions extends SimSetup {
  days: number;
  /** Simulated time between sync passes. */
  tickMs: number;
  progress: (line: string) => void;
}

export async function runProjectPolicy(o: ProjectRunOptions): Promise<RunResult> {
  const started = performance.now();
  const { logger, tally } = tallyingLogger();
  const sim = await startTeslaSim({
    port: 0,
    clock: 'manual',
    seed: o.seed,
    fleetSize: o.fleetSize,
    startAt: o.startAt,
    routine: true,
    // As the demo: some cars without the app's key, some on firmware too old to stream (polled).
    virtualKeys: 'mixed',
  });
  const database = await createDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrateSchema(database, inventoryMigrations);
    const db = database.kysely.withTables<InventoryTables>();
    const connections = new ConnectionsRepository(db);
    const usage = new UsageRepository(db);
    const liveRepo = new LiveStateRepository(db);
    const store = new SealedTokenStore(connections, new SecretBox([{ id: 'bench', key: randomBytes(32) }]));
    const runtime = new TeslaRuntime({
      port: simulatedTesla(sim.oauth, parseConfig(InventoryConfigSchema, {})),
      store,
      usage,
      logger,
      onBaseUrlChange: (id, url) => connections.setBaseUrl(id, url, null),
      telemetryDelivered: true,
    });
    const sync = new FleetSyncService(
      runtime,
      connections,
      new VehiclesRepository(db),
      liveRepo,
      new LiveStateService(db, liveRepo),
      new TelemetryIngestService(db, { meter: runtime.meter, logger }),
      new StreamingSetup(new TeslaAccessRepository(db), logger),
      logger,
    );

    // Records in order, one at a time, through the same fold the in-process and Kafka feeds use.
    let records = 0;
    const signalsByField = new Map<string, number>();
    let feed = Promise.resolve();
    const stopFeed = sim.telemetry.onRecord((record) => {
      records += 1;
      if (record.topic === 'V') countFields(record.json, signalsByField);
      feed = feed
        .then(() => sync.ingestTelemetry(record.topic, record.protobuf))
        .catch((error: unknown) => {
          logger.error({ err: error, vin: record.vin }, 'telemetry record not ingested');
        });
    });

    // Connect the demo account as a completed sign-in leaves it: sealed tokens in the connection
    // row. The access token outlives the run: with a real clock TokenManager refreshes before
    // expiry (auth is free), whereas here the sim clock runs ahead of the wall clock and each
    // expiry would cost a billed 401 that production never pays.
    const account = sim.accounts[0];
    if (!account) throw new Error('the simulator has no account');
    const issued = await sim.issueTokens({
      email: account.email,
      accessTokenTtlSeconds: Math.ceil((o.days * DAY_MS) / 1000) + 86_400,
    });
    const id = randomUUID();
    await connections.upsert({
      id,
      subject: `bench-${account.email}`,
      label: 'tesla-cost bench',
      region: account.region,
      fleetApiBaseUrl: sim.regionBaseUrl(account.region),
      scopes: [...DEFAULT_SCOPES],
      tokens: store.seal(id, {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        expiresAt: new Date(Date.now() + issued.expiresIn * 1000),
      }),
    });
    const connection = await connections.findById(id);
    if (!connection) throw new Error('the connection was not stored');
    // Import = list + streaming configuration (the simulator stands in for fleet-telemetry).
    const { imported } = await sync.importVehicles(connection, sim.clock.now());
    await feed;

    let polls = 0;
    let lists = 0;
    let incomplete = 0;
    let awakeTicks = 0;
    const wall = { sim: 0, ingest: 0, sync: 0 };
    const ticksPerDay = Math.round(DAY_MS / o.tickMs);
    for (let day = 1; day <= o.days; day++) {
      for (let t = 0; t < ticksPerDay; t++) {
        let mark = performance.now();
        sim.clock.advance(o.tickMs);
        awakeTicks += sim.vehicles(account.email).filter((v) => v.state === 'online').length;
        wall.sim += performance.now() - mark;
        mark = performance.now();
        await feed;
        wall.ingest += performance.now() - mark;
        mark = performance.now();
        // As the sync worker does each tick: every connection still connected, re-read.
        for (const c of await connections.list()) {
          if (c.status !== 'connected') continue;
          const report = await sync.syncConnection(c, sim.clock.now());
          polls += report.polled.length;
          if (report.listed) lists += 1;
          if (report.error) {
            incomplete += 1;
            logger.warn({ error: report.error }, `sync pass incomplete: ${report.error}`);
          }
        }
        wall.sync += performance.now() - mark;
      }
      const bill = sim.billing.snapshot().total;
      o.progress(
        `[project] day ${day}/${o.days} simulated: so far ${bill.data} data, ${bill.command} command, ` +
          `${bill.wake} wake, ${bill.signal} signal ($${bill.usd.toFixed(2)}); ${records} telemetry records; ` +
          `${seconds(performance.now() - started)} s`,
      );
    }
    stopFeed();
    await feed;
    await runtime.flushUsage();

    const usageTable = zeroCounts();
    for (const row of await usage.since('1970-01-01')) usageTable[row.category] += row.count;
    const bill = sim.billing.snapshot();
    const byKey = splitByKey(sim.vehicles(account.email), bill.byVin, bill.total);
    return {
      name: 'project policy',
      vehicles: imported,
      simulatedMs: o.days * DAY_MS,
      tesla: countsOf(bill.total),
      teslaUsd: bill.total.usd,
      wakesCaused: sim.wakesCaused(),
      awakeVehicleHours: (awakeTicks * o.tickMs) / HOUR_MS,
      wallMs: performance.now() - started,
      appMeter: countsOf(runtime.meter.snapshot().total),
      usageTable,
      byKey,
      notes: [
        `${records} telemetry records ingested through FleetSyncService.ingestTelemetry`,
        `${polls} vehicle_data reads and ${lists} vehicle-list calls made by ${o.days * ticksPerDay} sync passes`,
        `wall time: ${seconds(wall.ingest)} s telemetry ingestion, ${seconds(wall.sync)} s sync passes, ` +
          `${seconds(wall.sim)} s simulator`,
        `streamed signals per vehicle-day by field: ${[...signalsByField]
          .sort((a, b) => b[1] - a[1])
          .map(([field, n]) => `${field} ${(n / (imported * o.days)).toFixed(0)}`)
          .join(', ')}`,
        `${incomplete} sync passes incomplete; ${tally.warn} warnings, ${tally.error} errors logged`,
        ...tally.samples.map((s) => `  logged ${s}`),
      ],
    };
  } finally {
    await sim.close();
    await database.close();
  }
}

/** Tesla's per-VIN bill in two groups: cars streaming at the end of the run, and the others. */
function splitByKey(
  cars: Array<{ vin: string; streaming: boolean; keyPaired: boolean }>,
  byVin: Record<string, BillingCounts>,
  total: BillingCounts,
): NonNullable<RunResult['byKey']> {
  const group = (label: string, members: typeof cars): KeyGroup => {
    const tesla = zeroCounts();
    for (const car of members)
      for (const c of ['data', 'command', 'wake', 'signal'] as const) tesla[c] += byVin[car.vin]?.[c] ?? 0;
    return { label, vehicles: members.length, tesla };
  };
  const groups = [
    group(
      'paired, streaming',
      cars.filter((c) => c.streaming),
    ),
    group(
      'polled: key not paired or firmware too old',
      cars.filter((c) => !c.streaming),
    ),
  ];
  const accountLevel = zeroCounts();
  for (const c of ['data', 'command', 'wake', 'signal'] as const)
    accountLevel[c] = total[c] - groups.reduce((sum, g) => sum + g.tesla[c], 0);
  return { groups, accountLevel };
}

/** Tallies the fields of one protojson `V` record (each datum is one billed signal). */
function countFields(json: string, into: Map<string, number>): void {
  const parsed = JSON.parse(json) as { data?: Array<{ key?: unknown }> };
  for (const datum of parsed.data ?? []) {
    const key = typeof datum.key === 'string' ? datum.key : '?';
    into.set(key, (into.get(key) ?? 0) + 1);
  }
}
