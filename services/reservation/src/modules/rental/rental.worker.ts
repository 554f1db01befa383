import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { RentalService } from './rental.service';

/**
 * Every `intervalMs`: confirmed reservations not collected within the grace become no-shows, and
 * picked-up cars past their period, parked at home, are returned. Inventory is polled (its live
 * state, never the car) rather than pushing a "back home" event: one worker, one place holding the
 * rule, and a missed tick is made good by the next. Safe in several processes: each transition is
 * one guarded update.
 */
export function startRentalWorker(rental: RentalService, intervalMs: number, logger: Logger) {
  return repeatEvery({ intervalMs, logger, failure: 'rental sweep failed' }, async () => {
    const noShows = await rental.markNoShows();
    if (noShows.length > 0)
      logger.info({ reservations: noShows.map((r) => r.id) }, 'reservations marked no-show');
    const returned = await rental.detectReturns();
    if (returned.length > 0)
      logger.info({ reservations: returned.map((r) => r.id) }, 'rentals returned automatically');
  });
}
