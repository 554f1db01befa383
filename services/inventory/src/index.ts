import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { parseConfig } from '@cybertacotruck/platform';
import { InventoryConfigSchema, type InventoryConfig } from './config';
import { inventoryMigrations } from './migrations';
import { publishTelemetryToKafka } from '@cybertacotruck/tesla-sim';
import { startCalendarExpiryWorker } from './modules/calendar/calendar-expiry.worker';
import { CalendarRepository } from './modules/calendar/calendar.repository';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { CalendarService } from './modules/calendar/calendar.service';
import { ConnectionsRepository } from './modules/tesla/connections.repository';
import { teslaRoutes } from './modules/tesla/tesla.routes';
import { TeslaConnectionsService } from './modules/tesla/connections.service';
import { FleetSyncService } from './modules/tesla/fleet-sync.service';
import { LiveStateRepository } from './modules/tesla/live-state.repository';
import { LiveStateService } from './modules/tesla/live-state.service';
import { loadSecretBox } from './modules/tesla/secret-keys';
import { TeslaRuntime } from './modules/tesla/tesla-runtime';
import { startTeslaSyncWorker } from './modules/tesla/tesla-sync.worker';
import { startPositionRetentionWorker } from './modules/tesla/position-retention.worker';
import { UsageRepository } from './modules/tesla/usage.repository';
import { startSimTelemetryFeed } from './modules/telemetry/sim-feed';
import { startTelemetryConsumer } from './modules/telemetry/telemetry.consumer';
import { startTelemetryLostWorker } from './modules/telemetry/telemetry-lost.worker';
import { VehiclesRepository } from './modules/vehicles/vehicles.repository';
import { vehiclesRoutes } from './modules/vehicles/vehicles.routes';
import { VehiclesService } from './modules/vehicles/vehicles.service';
import type { InventoryTables } from './tables';

export interface InventoryModules {
  config: InventoryConfig;
  db: Kysely<InventoryTables>;
  vehicles: VehiclesService;
  vehiclesRepo: VehiclesRepository;
  runtime: TeslaRuntime;
  connections: TeslaConnectionsService;
  sync: FleetSyncService;
  live: LiveStateRepository;
  usage: UsageRepository;
  calendar: CalendarService;
  close(): Promise<void>;
}

// Routes and workers of one process share one set of modules (one token manager, one simulator).
const perProcess = new WeakMap<object, Promise<InventoryModules>>();

export function inventoryModules(ctx: ServiceContext): Promise<InventoryModules> {
  let modules = perProcess.get(ctx.db);
  if (!modules) {
    modules = buildModules(ctx);
    perProcess.set(ctx.db, modules);
  }
  return modules;
}

async function buildModules(ctx: ServiceContext): Promise<InventoryModules> {
  const config = parseConfig(InventoryConfigSchema, ctx.env);
  const db = ctx.db.kysely.withTables<InventoryTables>();
  const logger = ctx.logger.child({ service: 'inventory' });
  const vehiclesRepo = new VehiclesRepository(db);
  const connectionsRepo = new ConnectionsRepository(db);
  const usage = new UsageRepository(db);
  const live = new LiveStateRepository(db);
  const runtime = await TeslaRuntime.start({
    config: { ...config, HOST: ctx.config.HOST },
    box: loadSecretBox({ ...ctx.config, ...config }),
    connections: connectionsRepo,
    usage,
    logger,
    // Tests get a fresh simulator each; a laptop's survives restarts with the data.
    ...(ctx.config.NODE_ENV === 'test'
      ? {}
      : { simStatePath: join(resolve(ctx.config.DATA_DIR), 'tesla-sim.json') }),
  });
  const sync = new FleetSyncService(
    runtime,
    connectionsRepo,
    vehiclesRepo,
    live,
    new LiveStateService(db, live),
    logger,
  );
  // With Kafka the simulator publishes as fleet-telemetry does and the telemetry-kafka worker reads
  // it back; without, its records are handed over in-process. Both fold through sync.telemetry.
  const brokers = kafkaBrokers(ctx);
  let stopFeed: (() => Promise<void>) | undefined;
  if (runtime.sim && brokers.length > 0) {
    const publisher = await publishTelemetryToKafka(runtime.sim.telemetry, {
      brokers,
      namespace: config.TELEMETRY_KAFKA_NAMESPACE,
      encoding: config.TESLA_SIM_KAFKA_ENCODING,
      onError: (error) => {
        logger.warn({ err: error }, 'simulator telemetry not published to Kafka');
      },
    });
    stopFeed = () => publisher.close();
  } else if (runtime.sim) {
    stopFeed = startSimTelemetryFeed(runtime.sim.telemetry, sync.telemetry, logger);
  }
  let closed: Promise<void> | undefined;
  return {
    config,
    db,
    vehicles: new VehiclesService(vehiclesRepo),
    vehiclesRepo,
    runtime,
    connections: new TeslaConnectionsService(runtime, connectionsRepo, sync, logger),
    sync,
    live,
    usage,
    calendar: new CalendarService(new CalendarRepository(db), config),
    close: () =>
      (closed ??= (async () => {
        await stopFeed?.();
        await runtime.close();
      })()),
  };
}

/** KAFKA_BROKERS (comma-separated), read from the environment until the base config names it. */
function kafkaBrokers(ctx: ServiceContext): string[] {
  return (ctx.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

export const inventoryService: ServiceDefinition = {
  name: 'inventory',
  description: 'Vehicles, live vehicle state, Tesla connections and the vehicle calendar',
  migrations: inventoryMigrations,
  outbox: true,
  configSchema: InventoryConfigSchema,
  routes: async (app, { ctx }) => {
    const modules = await inventoryModules(ctx);
    app.addHook('onClose', () => modules.close());
    await app.register(vehiclesRoutes, { vehicles: modules.vehicles });
    await app.register(teslaRoutes, { modules });
    await app.register(calendarRoutes, { calendar: modules.calendar });
  },
  workers: [
    {
      name: 'tesla-sync',
      start: async (ctx) => startTeslaSyncWorker(await inventoryModules(ctx), ctx.logger),
    },
    {
      // Fleet Telemetry from Kafka (fleet-telemetry's topics) into live state, when there is Kafka.
      name: 'telemetry-kafka',
      start: async (ctx) => {
        const brokers = kafkaBrokers(ctx);
        if (brokers.length === 0) return () => Promise.resolve();
        const { sync, config } = await inventoryModules(ctx);
        const consumer = await startTelemetryConsumer({
          brokers,
          groupId: config.TELEMETRY_KAFKA_GROUP,
          namespace: config.TELEMETRY_KAFKA_NAMESPACE,
          maxBatchRecords: config.TELEMETRY_BATCH_MAX_RECORDS,
          ingest: sync.telemetry,
          logger: ctx.logger,
          registry: ctx.metrics,
        });
        return () => consumer.stop();
      },
    },
    {
      name: 'position-retention',
      start: async (ctx) => {
        const { live, config } = await inventoryModules(ctx);
        return startPositionRetentionWorker(
          live,
          { days: config.POSITION_HISTORY_DAYS, batch: config.POSITION_HISTORY_PRUNE_BATCH },
          ctx.logger,
        );
      },
    },
    {
      name: 'telemetry-lost',
      start: async (ctx) => {
        const { sync, config } = await inventoryModules(ctx);
        return startTelemetryLostWorker(sync.telemetry, config.TELEMETRY_LOST_AFTER_MS, ctx.logger);
      },
    },
    {
      name: 'calendar-expiry',
      start: async (ctx) => {
        const { calendar, config } = await inventoryModules(ctx);
        return startCalendarExpiryWorker(calendar, config.HOLD_SWEEP_MS, ctx.logger);
      },
    },
  ],
};
