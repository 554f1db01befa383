import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { parseConfig } from '@cybertacotruck/platform';
import { InventoryConfigSchema, type InventoryConfig } from './config';
import { inventoryMigrations } from './migrations';
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
import { UsageRepository } from './modules/tesla/usage.repository';
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
  // The simulator streams in-process; with Tesla, records arrive through Kafka (see the bus package).
  let feed = Promise.resolve();
  const stopFeed = runtime.sim?.telemetry.onRecord((record) => {
    feed = feed
      .then(() => sync.ingestTelemetry(record.topic, record.protobuf))
      .catch((error: unknown) => {
        logger.error({ err: error, vin: record.vin }, 'telemetry record not ingested');
      });
  });
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
        stopFeed?.();
        await feed;
        await runtime.close();
      })()),
  };
}

export const inventoryService: ServiceDefinition = {
  name: 'inventory',
  description: 'Vehicles, live vehicle state, Tesla connections and the vehicle calendar',
  migrations: inventoryMigrations,
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
      name: 'calendar-expiry',
      start: async (ctx) => {
        const { calendar, config } = await inventoryModules(ctx);
        return startCalendarExpiryWorker(calendar, config.HOLD_SWEEP_MS, ctx.logger);
      },
    },
  ],
};
