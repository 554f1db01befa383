import type { Logger } from '@cybertacotruck/platform';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import type { ReservationsService } from './reservations.service';

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Every `intervalMs`, expires held reservations whose hold lapsed (with their events) and releases
 * their claims. Safe with several processes: each row is expired, and its event written, once.
 * About once an hour it also forgets idempotency keys older than their retention.
 */
export function startReservationExpiryWorker(
  reservations: ReservationsService,
  idempotency: { service: IdempotencyService; retentionDays: number },
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let prunedAt = 0;
  const prune = async () => {
    if (Date.now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = Date.now();
    const forgotten = await idempotency.service.prune(idempotency.retentionDays);
    if (forgotten > 0) logger.info({ forgotten }, 'old idempotency keys forgotten');
  };
  const timer = setInterval(() => {
    if (busy) return; // a slow sweep is never stacked with the next one
    busy = true;
    running = reservations
      .expireLapsedHolds()
      .then(async (expired) => {
        await prune();
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
