import type { Logger } from '@cybertacotruck/platform';
import type { ReservationsService } from './reservations.service';

/**
 * Every `intervalMs`, expires held reservations whose hold lapsed (with their events) and releases
 * their claims. Safe with several processes: each row is expired, and its event written, once.
 */
export function startReservationExpiryWorker(
  reservations: ReservationsService,
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow sweep is never stacked with the next one
    busy = true;
    running = reservations
      .expireLapsedHolds()
      .then((expired) => {
        if (expired.length > 0)
          logger.info(
            { expired: expired.length, reservations: expired.map((r) => r.id) },
            'reservation holds expired',
          );
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'reservation expiry sweep failed');
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();

  return async () => {
    clearInterval(timer);
    await running;
  };
}
