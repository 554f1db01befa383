import type { Kysely } from 'kysely';
import { OutboxRepository } from '@cybertacotruck/bus';
import type { CalendarClient } from '@cybertacotruck/contracts';
import type { Logger } from '@cybertacotruck/platform';
import type { ReservationConfig } from './config';
import type { DriverCheck } from './modules/driver-check/driver-check';
import { IdempotencyRepository } from './modules/idempotency/idempotency.repository';
import { PaymentsRepository } from './modules/payments/payments.repository';
import { RatesRepository } from './modules/rates/rates.repository';
import { ReservationsRepository } from './modules/reservations/reservations.repository';
import { TermsRepository } from './modules/terms/terms.repository';
import type { ReservationTables } from './tables';

/** Every repository over one handle: the database, or a transaction so their writes commit together. */
export function repositories(db: Kysely<ReservationTables>) {
  return {
    rates: new RatesRepository(db),
    terms: new TermsRepository(db),
    reservations: new ReservationsRepository(db),
    idempotency: new IdempotencyRepository(db),
    outbox: new OutboxRepository(db, 'reservation'),
    payments: new PaymentsRepository(db),
  };
}
export type Repositories = ReturnType<typeof repositories>;

/** What the reservation services share: storage, configuration, the inventory calendar and the clock. */
export interface ReservationDeps {
  db: Kysely<ReservationTables>;
  repos: Repositories;
  config: ReservationConfig;
  calendar: CalendarClient;
  /** The driver's licence check before a confirmation; absent when RESERVATION_DRIVER_VERIFICATION=off. */
  drivers?: DriverCheck;
  now: () => Date;
  logger: Logger;
}

/** Runs `work` in one transaction with repositories bound to it. */
export const inTransaction = <T>(
  deps: Pick<ReservationDeps, 'db'>,
  work: (repos: Repositories) => Promise<T>,
): Promise<T> => deps.db.transaction().execute((trx) => work(repositories(trx)));
