import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { ConfigError, parseConfig } from '@cybertacotruck/platform';
import { InventoryCalendarClient } from './clients/inventory-calendar.client';
import { AccountDriversClient } from './clients/account-drivers.client';
import { DriverCheck, parseMinimumAges } from './modules/driver-check/driver-check';
import { ReservationConfigSchema } from './config';
import { repositories, type ReservationDeps } from './deps';
import { reservationMigrations } from './migrations';
import { rentalModule } from './modules/rental/rental.module';
import { rentalRoutes } from './modules/rental/rental.routes';
import { startRentalWorker } from './modules/rental/rental.worker';
import { BookingMovesRepository } from './modules/booking-moves/booking-moves.repository';
import { bookingMovesRoutes } from './modules/booking-moves/booking-moves.routes';
import { BookingMovesService } from './modules/booking-moves/booking-moves.service';
import { IdempotencyService } from './modules/idempotency/idempotency.service';
import { canonicalTimeZone } from './modules/quotes/rental-days';
import { quotesRoutes } from './modules/quotes/quotes.routes';
import { QuotesService } from './modules/quotes/quotes.service';
import { ratesRoutes } from './modules/rates/rates.routes';
import { RatesService } from './modules/rates/rates.service';
import { startReservationExpiryWorker } from './modules/reservations/reservation-expiry.worker';
import { ReconciliationService } from './modules/reconciliation/reconciliation.service';
import { startReconciliationWorker } from './modules/reconciliation/reconciliation.worker';
import { ClaimRelease } from './modules/reservations/claim-release';
import { reservationsRoutes } from './modules/reservations/reservations.routes';
import { ReservationsService } from './modules/reservations/reservations.service';
import { termsRoutes } from './modules/terms/terms.routes';
import { TermsService } from './modules/terms/terms.service';
import type { ReservationTables } from './tables';

export { InventoryCalendarClient } from './clients/inventory-calendar.client';
export { ReservationConfigSchema } from './config';
export { InventoryReadingsClient, type ReadingsClient } from './clients/inventory-readings.client';
export { rentalOf } from './modules/rental/rental.module';
export type { RentalService } from './modules/rental/rental.service';
export { repositories, type ReservationDeps } from './deps';
export type { ReservationTables } from './tables';

export interface ReservationModules {
  deps: ReservationDeps;
  rates: RatesService;
  terms: TermsService;
  quotes: QuotesService;
  idempotency: IdempotencyService;
  reservations: ReservationsService;
  claims: ClaimRelease;
  reconciliation: ReconciliationService;
}

// Routes and the expiry worker of one process share one set of modules. Keyed by the database:
// the host hands workers a copy of the routes' context (with their own logger), never the same object.
const perServer = new WeakMap<object, Promise<ReservationModules>>();

export function reservationModules(ctx: ServiceContext): Promise<ReservationModules> {
  let modules = perServer.get(ctx.db);
  if (!modules) {
    modules = buildModules(ctx);
    perServer.set(ctx.db, modules);
  }
  return modules;
}

async function buildModules(ctx: ServiceContext): Promise<ReservationModules> {
  const config = parseConfig(ReservationConfigSchema, ctx.env);
  const zone = canonicalTimeZone(config.RESERVATION_DEFAULT_TIME_ZONE);
  if (!zone)
    throw new ConfigError([
      `RESERVATION_DEFAULT_TIME_ZONE: got ${JSON.stringify(config.RESERVATION_DEFAULT_TIME_ZONE)}; expected an IANA time zone such as America/Chicago`,
    ]);
  if (ctx.config.NODE_ENV === 'production' && config.RESERVATION_DRIVER_VERIFICATION === 'off')
    throw new ConfigError([
      'RESERVATION_DRIVER_VERIFICATION: got off; expected required in production (no rental without a checked licence)',
    ]);
  const db = ctx.db.kysely.withTables<ReservationTables>();
  const deps: ReservationDeps = {
    db,
    repos: repositories(db),
    config: { ...config, RESERVATION_DEFAULT_TIME_ZONE: zone },
    calendar: new InventoryCalendarClient(ctx.peers),
    ...(config.RESERVATION_DRIVER_VERIFICATION === 'required'
      ? {
          drivers: new DriverCheck(new AccountDriversClient(ctx.peers), {
            minimumAge: config.RESERVATION_MIN_DRIVER_AGE,
            byModel: parseMinimumAges(config.RESERVATION_MIN_DRIVER_AGE_BY_MODEL),
          }),
        }
      : {}),
    now: () => new Date(),
    logger: ctx.logger.child({ service: 'reservation' }),
  };
  return modulesOf(deps);
}

/** The reservation modules over given parts (storage, calendar, clock): the composition root's, or a test's. */
export function modulesOf(deps: ReservationDeps): ReservationModules {
  const rates = new RatesService(deps);
  const terms = new TermsService(deps);
  const quotes = new QuotesService(deps, rates);
  const idempotency = new IdempotencyService(deps);
  const claims = new ClaimRelease(deps);
  return {
    deps,
    rates,
    terms,
    quotes,
    idempotency,
    reservations: new ReservationsService(deps, idempotency, quotes, terms, claims),
    claims,
    reconciliation: new ReconciliationService(deps, claims),
  };
}

/** Reservations: rates, quotes, terms, hold → confirm → cancel, with events through an outbox. */
export const reservationService: ServiceDefinition = {
  name: 'reservation',
  description: 'Rates, quotes, rental terms, reservations and their lifecycle',
  migrations: reservationMigrations,
  outbox: true,
  configSchema: ReservationConfigSchema,
  routes: async (app, { ctx }) => {
    const m = await reservationModules(ctx);
    await app.register(ratesRoutes, { rates: m.rates });
    await app.register(termsRoutes, { terms: m.terms });
    await app.register(quotesRoutes, { quotes: m.quotes });
    await app.register(reservationsRoutes, { reservations: m.reservations });
    await app.register(rentalRoutes, { rental: rentalModule(ctx) });
    await app.register(bookingMovesRoutes, {
      moves: new BookingMovesService(
        new BookingMovesRepository(m.deps.db),
        new InventoryCalendarClient(ctx.peers),
        m.deps.logger,
      ),
      reservations: m.reservations,
    });
  },
  workers: [
    {
      // No-shows after the grace; cars back home, parked, after their period: returned.
      name: 'reservation-rental',
      start: (ctx) => {
        const rental = rentalModule(ctx);
        return Promise.resolve(
          startRentalWorker(
            rental,
            parseConfig(ReservationConfigSchema, ctx.env).RESERVATION_RENTAL_SWEEP_MS,
            ctx.logger,
          ),
        );
      },
    },
    {
      name: 'reservation-expiry',
      start: async (ctx) => {
        const { reservations, claims, idempotency, deps } = await reservationModules(ctx);
        return startReservationExpiryWorker(
          reservations,
          claims,
          { service: idempotency, retentionDays: deps.config.RESERVATION_IDEMPOTENCY_DAYS },
          deps.config.RESERVATION_SWEEP_MS,
          ctx.logger,
        );
      },
    },
    {
      name: 'reservation-reconciliation',
      start: async (ctx) => {
        const { reconciliation, deps } = await reservationModules(ctx);
        return startReconciliationWorker(reconciliation, deps.config.RESERVATION_RECONCILE_MS, ctx.logger);
      },
    },
  ],
};
