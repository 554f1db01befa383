import type { Kysely } from 'kysely';
import Type, { type TObject } from 'typebox';
import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { loadSecretBox, parseConfig, repeatEvery } from '@cybertacotruck/platform';
import { InventoryConfigSchema, type InventoryConfig } from './config';
import { ReservationPricingClient } from './clients/reservation-pricing.client';
import { inventoryMigrations } from './migrations';
import { registerOperatorLive } from './operator-live';
import { startCalendarExpiryWorker } from './modules/calendar/calendar-expiry.worker';
import { CalendarRepository } from './modules/calendar/calendar.repository';
import { AvailabilityPricing } from './modules/calendar/availability-pricing';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { CalendarService } from './modules/calendar/calendar.service';
import { FleetSyncService } from './modules/fleet-sync/fleet-sync.service';
import { StreamingSetup } from './modules/fleet-sync/streaming-setup';
import { TeslaAccessRepository } from './modules/fleet-sync/tesla-access.repository';
import { fleetSyncRoutes } from './modules/fleet-sync/fleet-sync.routes';
import { startTeslaSyncWorker } from './modules/fleet-sync/tesla-sync.worker';
import { LiveFleetService } from './modules/live-state/live-fleet.service';
import { liveFleetRoutes } from './modules/live-state/live-fleet.routes';
import { readingsRoutes } from './modules/readings/readings.routes';
import { ReadingsService } from './modules/readings/readings.service';
import { LiveStateRepository } from './modules/live-state/live-state.repository';
import { LiveStateService } from './modules/live-state/live-state.service';
import { startPositionRetentionWorker } from './modules/live-state/position-retention.worker';
import { ReadNowRepository } from './modules/read-now/read-now.repository';
import { readNowRoutes } from './modules/read-now/read-now.routes';
import { ReadNowService } from './modules/read-now/read-now.service';
import { readySettings } from './modules/vehicle-commands/vehicle-commands.config';
import { VehicleCommandsRepository } from './modules/vehicle-commands/vehicle-commands.repository';
import { vehicleCommandsRoutes } from './modules/vehicle-commands/vehicle-commands.routes';
import { VehicleCommandsService } from './modules/vehicle-commands/vehicle-commands.service';
import { ReadyAtPickupService } from './modules/vehicle-commands/ready-at-pickup.service';
import { atPickupProjector, chargeFactsFrom } from './modules/vehicle-commands/pickup-projection';
import { startReadyAtPickupWorker } from './modules/vehicle-commands/ready-at-pickup.worker';
import { GeofenceService } from './modules/rental-access/geofence.service';
import { insightsSubscription } from './modules/insights/insights.consumer';
import { buildInsights, type InsightsModule } from './modules/insights/insights.module';
import { insightsRoutes } from './modules/insights/insights.routes';
import { rentalAccessSubscription } from './modules/rental-access/rental-access.consumer';
import { RentalAccessRepository } from './modules/rental-access/rental-access.repository';
import { rentalAccessRoutes } from './modules/rental-access/rental-access.routes';
import { RentalAccessService } from './modules/rental-access/rental-access.service';
import type { RentalAccessTables } from './modules/rental-access/rental-access.tables';
import { startTelemetryLostWorker } from './modules/telemetry/telemetry-lost.worker';
import { TelemetryIngestService } from './modules/telemetry/telemetry-ingest.service';
import { startTelemetrySource, type TelemetrySource } from './modules/telemetry/telemetry-source';
import { ConnectionsRepository } from './modules/tesla-connections/connections.repository';
import { teslaConnectionsRoutes } from './modules/tesla-connections/connections.routes';
import { TeslaConnectionsService } from './modules/tesla-connections/connections.service';
import { SealedTokenStore } from './modules/tesla-connections/token-store';
import { noTesla, type TeslaPort } from './modules/tesla/tesla-port';
import { TeslaRuntime } from './modules/tesla/tesla-runtime';
import { VehicleFleet } from './modules/tesla/vehicle-fleet';
import { UsageRepository } from './modules/tesla/usage.repository';
import { usageRoutes } from './modules/tesla/usage.routes';
import { pemFromConfig } from './modules/tesla/pem-files';
import { publicKeyRoutes, virtualKeyRoutes } from './modules/tesla/virtual-key.routes';
import { VirtualKeyService } from './modules/tesla/virtual-key.service';
import { UsageService } from './modules/tesla/usage.service';
import { VehiclesRepository } from './modules/vehicles/vehicles.repository';
import { vehiclesRoutes } from './modules/vehicles/vehicles.routes';
import { VehiclesService } from './modules/vehicles/vehicles.service';
import { LocationsRepository } from './modules/locations/locations.repository';
import { locationsRoutes } from './modules/locations/locations.routes';
import { LocationsService } from './modules/locations/locations.service';
import type { InventoryTables } from './tables';

export { InventoryConfigSchema, type InventoryConfig } from './config';
export { checkTeslaConfig, chooseTesla, type TeslaChoice } from './tesla-choice';
export {
  noTesla,
  simulatedTesla,
  teslaFleetApi,
  TeslaUnavailableError,
  type SimulatorApp,
  type TeslaEndpoints,
  type TeslaPort,
} from './modules/tesla/tesla-port';
export { teslaSimulatorAt } from './modules/tesla/tesla-simulator-http';
export {
  inProcessTelemetry,
  kafkaTelemetryFrom,
  noTelemetry,
  type TelemetrySource,
} from './modules/telemetry/telemetry-source';
export type { InProcessTelemetry, InProcessTelemetryRecord } from './modules/telemetry/in-process-feed';

const hostOf = (url: string | undefined): string | undefined => (url ? new URL(url).hostname : undefined);

/** Tesla as the host wired it for this process. */
export interface TeslaWiring {
  port: TeslaPort;
  telemetry: TelemetrySource;
  /** Stops what the host started for it (a simulator, its Kafka publisher), after inventory stopped. */
  close?: () => Promise<void>;
}

export interface InventoryServiceOptions {
  /**
   * Chooses (and, for a simulator in this process, starts) Tesla, once per process, when inventory
   * starts: the composition root's decision, from the validated configuration.
   */
  tesla: (ctx: ServiceContext, config: InventoryConfig) => Promise<TeslaWiring>;
  /** Keys the host's choice reads beyond inventory's own, validated with them at start-up. */
  configSchema?: TObject;
}

interface InventoryModules {
  config: InventoryConfig;
  vehicles: VehiclesService;
  connections: TeslaConnectionsService;
  sync: FleetSyncService;
  liveFleet: LiveFleetService;
  readNow: ReadNowService;
  commands: VehicleCommandsService;
  ready: ReadyAtPickupService;
  live: LiveStateRepository;
  rentalAccess: RentalAccessService;
  geofences: GeofenceService;
  telemetry: TelemetryIngestService;
  usage: UsageService;
  calendar: CalendarService;
  pricing: AvailabilityPricing;
  keys: VirtualKeyService;
  locations: LocationsService;
  insights: InsightsModule;
  close(): Promise<void>;
}

async function buildModules(
  ctx: ServiceContext,
  config: InventoryConfig,
  wiring: TeslaWiring,
): Promise<InventoryModules> {
  const db: Kysely<InventoryTables> = ctx.db.kysely.withTables<InventoryTables>();
  const logger = ctx.logger.child({ service: 'inventory' });
  const vehiclesRepo = new VehiclesRepository(db);
  const connectionsRepo = new ConnectionsRepository(db);
  const usageRepo = new UsageRepository(db);
  const live = new LiveStateRepository(db);
  const box = loadSecretBox({ ...ctx.config, ...config }, 'Tesla tokens');
  const store = new SealedTokenStore(connectionsRepo, box);
  const runtime = new TeslaRuntime({
    port: wiring.port,
    store,
    usage: usageRepo,
    logger,
    onBaseUrlChange: (id, url) => connectionsRepo.setBaseUrl(id, url, null),
    telemetryDelivered: wiring.telemetry.kind !== 'none',
    ...(ctx.stopping ? { stopping: ctx.stopping } : {}),
  });
  const telemetry = new TelemetryIngestService(db, { meter: runtime.meter, logger });
  const vehicles = new VehiclesService(vehiclesRepo);
  const accessRepo = new TeslaAccessRepository(db);
  const sync = new FleetSyncService(
    runtime,
    connectionsRepo,
    vehiclesRepo,
    live,
    new LiveStateService(db, live),
    telemetry,
    new StreamingSetup(accessRepo, logger),
    logger,
  );
  const keys = new VirtualKeyService(runtime, accessRepo, {
    domain: config.TESLA_PARTNER_DOMAIN ?? hostOf(ctx.env.PUBLIC_URL),
    publicKey: pemFromConfig(
      { text: 'TESLA_PUBLIC_KEY', file: 'TESLA_PUBLIC_KEY_FILE' },
      { text: config.TESLA_PUBLIC_KEY, file: config.TESLA_PUBLIC_KEY_FILE },
      'PUBLIC KEY',
    ),
  });
  const readNowRepo = new ReadNowRepository(db);
  // One way to reach one car (its link, its connection, waking it): read-now, commands, driver access.
  const fleet = new VehicleFleet(runtime, readNowRepo, connectionsRepo);
  const readNow = new ReadNowService(
    runtime,
    readNowRepo,
    fleet,
    vehicles,
    vehiclesRepo,
    new LiveStateService(db, live),
    live,
    {
      wakeTimeoutMs: config.TESLA_READ_NOW_WAKE_TIMEOUT_MS,
      pollMs: config.TESLA_READ_NOW_POLL_MS,
      minIntervalMs: config.TESLA_READ_NOW_MIN_INTERVAL_MS,
    },
  );
  const commands = new VehicleCommandsService(
    runtime,
    new VehicleCommandsRepository(db),
    fleet,
    vehicles,
    live,
    {
      wakeTimeoutMs: config.TESLA_READ_NOW_WAKE_TIMEOUT_MS,
      pollMs: config.TESLA_READ_NOW_POLL_MS,
    },
  );
  const ready = new ReadyAtPickupService(db, live, commands, readySettings(config), logger);
  const rentalRepo = new RentalAccessRepository(db.withTables<RentalAccessTables>());
  const rentalAccess = new RentalAccessService(
    rentalRepo,
    commands.driverAccess,
    commands,
    box,
    config,
    logger,
  );
  const geofences = new GeofenceService(
    rentalRepo,
    live,
    async (scope, id) =>
      scope === 'vehicle'
        ? (await vehiclesRepo.findById(id)) !== undefined
        : (await db.selectFrom('inventory.location').select('id').where('id', '=', id).executeTakeFirst()) !==
          undefined,
    logger,
  );
  const usage = new UsageService(usageRepo, vehicles);
  const insights = buildInsights(db, config, usage, logger);
  const stopFeed = await startTelemetrySource(wiring.telemetry, { ingest: telemetry, config, ctx });
  logger.info({ tesla: wiring.port.mode, telemetry: wiring.telemetry.kind }, 'Tesla wired');
  let closed: Promise<void> | undefined;
  return {
    config,
    vehicles,
    connections: new TeslaConnectionsService(runtime, connectionsRepo, { box, store }, sync, logger),
    sync,
    liveFleet: new LiveFleetService(vehicles, live, undefined, readNow),
    readNow,
    commands,
    ready,
    live,
    rentalAccess,
    geofences,
    telemetry,
    usage,
    insights,
    calendar: new CalendarService(
      new CalendarRepository(db),
      config,
      undefined,
      atPickupProjector(chargeFactsFrom(db), readySettings(config)),
    ),
    pricing: new AvailabilityPricing(new ReservationPricingClient(ctx.peers), logger),
    keys,
    locations: new LocationsService(new LocationsRepository(db), {
      phone: {
        defaultRegion: config.DEFAULT_PHONE_REGION,
        allowFictional: ctx.config.NODE_ENV !== 'production',
      },
      now: () => new Date(),
    }),
    close: () =>
      (closed ??= (async () => {
        await stopFeed();
        await insights.close();
        await runtime.close();
      })()),
  };
}

/**
 * The inventory service, with the Tesla its host chose. The embedded host (apps/server) passes a
 * simulator it starts or Tesla's Fleet API; the service alone (main.ts) passes Tesla's Fleet API
 * or a simulator running as its own process. Inventory never starts a simulator.
 */
export function createInventoryService(o: InventoryServiceOptions): ServiceDefinition {
  const configSchema = o.configSchema
    ? Type.Object({ ...InventoryConfigSchema.properties, ...o.configSchema.properties })
    : InventoryConfigSchema;
  // Routes and workers of one process share one set of modules (one token manager, one Tesla).
  const perProcess = new WeakMap<object, Promise<InventoryModules>>();
  const modulesOf = (ctx: ServiceContext): Promise<InventoryModules> => {
    let modules = perProcess.get(ctx.db);
    if (!modules) {
      modules = (async () => {
        const config = parseConfig(InventoryConfigSchema, ctx.env);
        const wiring = await o.tesla(ctx, config);
        try {
          const built = await buildModules(ctx, config, wiring);
          return {
            ...built,
            close: async () => {
              try {
                await built.close();
              } finally {
                await wiring.close?.();
              }
            },
          };
        } catch (error) {
          await wiring.close?.();
          throw error;
        }
      })();
      perProcess.set(ctx.db, modules);
    }
    return modules;
  };

  return {
    name: 'inventory',
    description: 'Vehicles, live vehicle state, Tesla connections and the vehicle calendar',
    migrations: inventoryMigrations,
    outbox: true,
    configSchema,
    // At the root, not under /api/v1: Tesla fetches https://<domain>/.well-known/appspecific/….
    processPlugin: async (app, { ctx }) => {
      await app.register(publicKeyRoutes, { keys: async () => (await modulesOf(ctx)).keys });
    },
    routes: async (app, { ctx }) => {
      const m = await modulesOf(ctx);
      app.addHook('onClose', () => m.close());
      await app.register(vehiclesRoutes, { vehicles: m.vehicles });
      await app.register(locationsRoutes, { locations: m.locations });
      await app.register(teslaConnectionsRoutes, { connections: m.connections });
      await app.register(fleetSyncRoutes, { sync: m.sync });
      await app.register(liveFleetRoutes, { liveFleet: m.liveFleet });
      await app.register(readingsRoutes, { readings: new ReadingsService(m.vehicles, m.live, m.locations) });
      await app.register(readNowRoutes, { readNow: m.readNow });
      await app.register(vehicleCommandsRoutes, { commands: m.commands });
      await app.register(rentalAccessRoutes, { access: m.rentalAccess, fences: m.geofences });
      await app.register(usageRoutes, { usage: m.usage });
      await app.register(virtualKeyRoutes, { keys: m.keys });
      await app.register(calendarRoutes, {
        calendar: m.calendar,
        pricing: m.pricing,
        searches: m.insights.searches,
      });
      await app.register(insightsRoutes, { insights: m.insights.service });
      await registerOperatorLive(app, ctx, m.config, m.calendar);
    },
    workers: [
      {
        name: 'tesla-sync',
        start: async (ctx) => {
          const { connections, sync, config } = await modulesOf(ctx);
          return startTeslaSyncWorker(
            { connections, sync, enabled: config.TESLA_SYNC, tickMs: config.TESLA_SYNC_TICK_MS },
            ctx.logger,
          );
        },
      },
      {
        name: 'position-retention',
        start: async (ctx) => {
          const { live, config } = await modulesOf(ctx);
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
          const { telemetry, config } = await modulesOf(ctx);
          return startTelemetryLostWorker(telemetry, config.TELEMETRY_LOST_AFTER_MS, ctx.logger);
        },
      },
      {
        name: 'rental-access-consumer',
        start: async (ctx) => {
          const { config } = await modulesOf(ctx);
          return ctx.bus.subscribe(
            rentalAccessSubscription({
              leadMinutes: config.RENTAL_ACCESS_LEAD_MINUTES,
              now: () => new Date(),
              onInvitedCarChanged: (reservationId, invitedVehicleId, vehicleId) => {
                ctx.logger.info(
                  { reservationId, invitedVehicleId, vehicleId },
                  'a booking moved to another car after its driver invitation: the worker revokes it, then invites the renter to the new car',
                );
              },
            }),
          );
        },
      },
      {
        name: 'insights-consumer',
        start: (ctx) => ctx.bus.subscribe(insightsSubscription()),
      },
      {
        name: 'rental-access',
        start: async (ctx) => {
          const { rentalAccess, geofences, config } = await modulesOf(ctx);
          return repeatEvery(
            {
              intervalMs: config.RENTAL_ACCESS_TICK_MS,
              logger: ctx.logger,
              failure: 'rental access pass failed',
              runAtStart: true,
            },
            async (stopped) => {
              while ((await rentalAccess.runDue(stopped)) > 0);
              if (!stopped.aborted) await geofences.check();
            },
          );
        },
      },
      {
        name: 'ready-at-pickup',
        start: async (ctx) => {
          const { ready, config } = await modulesOf(ctx);
          return startReadyAtPickupWorker(
            ready,
            { enabled: config.READY_AT_PICKUP, tickMs: config.READY_TICK_MS },
            ctx.logger,
          );
        },
      },
      {
        name: 'calendar-expiry',
        start: async (ctx) => {
          const { calendar, config } = await modulesOf(ctx);
          return startCalendarExpiryWorker(calendar, config.HOLD_SWEEP_MS, ctx.logger);
        },
      },
    ],
  };
}

/**
 * Inventory with no Tesla: vehicles, live state and the calendar, every Tesla call a 503 problem.
 * For hosts and tests that do not use Tesla; a process that serves operators passes one.
 */
export const inventoryService: ServiceDefinition = createInventoryService({
  tesla: () => Promise.resolve({ port: noTesla, telemetry: { kind: 'none' } }),
});
