import type { ServiceContext } from '@cybertacotruck/platform';
import { parseConfig } from '@cybertacotruck/platform';
import { InventoryCalendarClient } from '../../clients/inventory-calendar.client';
import { InventoryReadingsClient, type ReadingsClient } from '../../clients/inventory-readings.client';
import { ReservationConfigSchema } from '../../config';
import { repositories, type ReservationDeps } from '../../deps';
import type { ReservationTables } from '../../tables';
import { ClaimRelease } from '../reservations/claim-release';
import { RentalService } from './rental.service';

/** The rental module over given parts: the composition root's, or a test's. */
export const rentalOf = (deps: ReservationDeps, readings: ReadingsClient): RentalService =>
  new RentalService(deps, readings, new ClaimRelease(deps));

// One per process and database, shared by its routes and its worker.
const perDatabase = new WeakMap<object, RentalService>();

/** The rental module of a service context (inventory reached through its peers). */
export function rentalModule(ctx: ServiceContext): RentalService {
  let rental = perDatabase.get(ctx.db);
  if (!rental) {
    const db = ctx.db.kysely.withTables<ReservationTables>();
    rental = rentalOf(
      {
        db,
        repos: repositories(db),
        config: parseConfig(ReservationConfigSchema, ctx.env),
        calendar: new InventoryCalendarClient(ctx.peers),
        now: () => new Date(),
        logger: ctx.logger.child({ service: 'reservation', module: 'rental' }),
      },
      new InventoryReadingsClient(ctx.peers),
    );
    perDatabase.set(ctx.db, rental);
  }
  return rental;
}
