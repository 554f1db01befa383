import Type, { type TObject } from 'typebox';
import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { ConfigError, eventSubscription, parseConfig } from '@cybertacotruck/platform';
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
import { PaymentsConfigSchema, stripeFromConfig } from './modules/payments/payments.config';
import { paymentsRoutes } from './modules/payments/payments.routes';
import { PaymentsService, type PaymentsGateway } from './modules/payments/payments.service';
import {
  owePaymentWork,
  PAYMENT_EVENTS,
  PAYMENTS_GROUP,
  startPaymentsWorker,
} from './modules/payments/payments.worker';
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
export { PaymentsConfigSchema, stripeClient, stripeFromConfig } from './modules/payments/payments.config';
export type { PaymentsGateway } from './modules/payments/payments.service';
export { SIMULATOR_TEST_CARDS } from './modules/payments/test-cards';
export { owePaymentWork, runPaymentTasks } from './modules/payments/payments.worker';

/**
 * Stripe for this process, as its host chose it, with what the host needs to hear back: where the
 * webhooks arrive once the server listens (a simulator the host started registers it), and how to
 * stop. `gateway: null`: no payments (the service alone outside production, without Stripe keys).
 */
export interface PaymentsWiring {
  gateway: PaymentsGateway | null;
  onListening?(webhookUrl: string): void;
  close?(): Promise<void>;
}
export type PaymentsChoice = (ctx: ServiceContext) => Promise<PaymentsWiring>;

/** The reservation service alone: Stripe from STRIPE_* (or a simulator at STRIPE_API_URL), else none. */
export const configuredPayments: PaymentsChoice = (ctx) =>
  Promise.resolve({
    gateway: stripeFromConfig(parseConfig(PaymentsConfigSchema, ctx.env), ctx.config),
  });

export interface ReservationModules {
  deps: ReservationDeps;
  rates: RatesService;
  terms: TermsService;
  quotes: QuotesService;
  idempotency: IdempotencyService;
  reservations: ReservationsService;
  claims: ClaimRelease;
  reconciliation: ReconciliationService;
  payments: PaymentsService;
  paymentsWiring: PaymentsWiring;
}

// Routes and the expiry worker of one process share one set of modules. Keyed by the database:
// the host hands workers a copy of the routes' context (with their own logger), never the same object.
const perServer = new WeakMap<object, Promise<ReservationModules>>();

export function reservationModules(
  ctx: ServiceContext,
  payments: PaymentsChoice = configuredPayments,
): Promise<ReservationModules> {
  let modules = perServer.get(ctx.db);
  if (!modules) {
    modules = buildModules(ctx, payments);
    perServer.set(ctx.db, modules);
  }
  return modules;
}

async function buildModules(ctx: ServiceContext, payments: PaymentsChoice): Promise<ReservationModules> {
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
  const wiring = await payments(ctx);
  if (!wiring.gateway)
    deps.logger.warn('no payments configured (STRIPE_SECRET_KEY): confirmations take no payment');
  return modulesOf(deps, wiring);
}

/** The reservation modules over given parts (storage, calendar, clock): the composition root's, or a test's. */
export function modulesOf(
  deps: ReservationDeps,
  paymentsWiring: PaymentsWiring = { gateway: null },
): ReservationModules {
  const rates = new RatesService(deps);
  const terms = new TermsService(deps);
  const quotes = new QuotesService(deps, rates);
  const idempotency = new IdempotencyService(deps);
  const claims = new ClaimRelease(deps);
  const payments = new PaymentsService(deps, paymentsWiring.gateway);
  return {
    deps,
    rates,
    terms,
    quotes,
    idempotency,
    reservations: new ReservationsService(deps, idempotency, quotes, terms, claims, payments),
    claims,
    reconciliation: new ReconciliationService(deps, claims),
    payments,
    paymentsWiring,
  };
}

/**
 * Reservations: rates, quotes, terms, hold → pay → confirm → cancel, with events through an outbox.
 * `payments`: how the host gives it Stripe (apps/server starts the simulator without keys);
 * `configSchema`: the host's own keys for that choice.
 */
export function createReservationService(
  options: { payments?: PaymentsChoice; configSchema?: TObject } = {},
): ServiceDefinition {
  const choose = options.payments ?? configuredPayments;
  const modules = (ctx: ServiceContext) => reservationModules(ctx, choose);
  return {
    name: 'reservation',
    description: 'Rates, quotes, rental terms, reservations and their lifecycle',
    migrations: reservationMigrations,
    outbox: true,
    configSchema: Type.Object({
      ...ReservationConfigSchema.properties,
      ...PaymentsConfigSchema.properties,
      ...(options.configSchema?.properties ?? {}),
    }),
    routes: async (app, { ctx }) => {
      const m = await modules(ctx);
      await app.register(ratesRoutes, { rates: m.rates });
      await app.register(termsRoutes, { terms: m.terms });
      await app.register(quotesRoutes, { quotes: m.quotes });
      await app.register(reservationsRoutes, { reservations: m.reservations });
      await app.register(paymentsRoutes, { payments: m.payments });
      const wiring = m.paymentsWiring;
      app.server.once('listening', () => {
        const address = app.server.address();
        if (typeof address === 'object' && address)
          wiring.onListening?.(`http://127.0.0.1:${String(address.port)}/api/v1/payments/webhook`);
      });
      app.addHook('onClose', async () => {
        await wiring.close?.();
      });
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
          const { reservations, claims, idempotency, deps } = await modules(ctx);
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
          const { reconciliation, deps } = await modules(ctx);
          return startReconciliationWorker(reconciliation, deps.config.RESERVATION_RECONCILE_MS, ctx.logger);
        },
      },
      {
        // Cancellations, lapsed holds and returns, through the service's own inbox: each owes Stripe
        // a refund, a release or a capture, written down in the event's transaction.
        name: 'reservation-payments-consumer',
        start: async (ctx) => {
          const { payments } = await modules(ctx);
          if (!payments.enabled) return async () => undefined;
          return ctx.bus.subscribe(
            eventSubscription({
              group: PAYMENTS_GROUP,
              schema: 'reservation',
              events: PAYMENT_EVENTS,
              handle: owePaymentWork,
            }),
          );
        },
      },
      {
        name: 'reservation-payments',
        start: async (ctx) => {
          const { payments, deps } = await modules(ctx);
          if (!payments.enabled) return async () => undefined;
          const config = parseConfig(PaymentsConfigSchema, ctx.env);
          return startPaymentsWorker(deps.repos.payments, payments, config.PAYMENTS_TASK_MS, ctx.logger);
        },
      },
    ],
  };
}

export const reservationService: ServiceDefinition = createReservationService();
