import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import type { ClaimRelease } from './claim-release';
import type { ReservationsService } from './reservations.service';

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Every `intervalMs`, expires held reservations whose hold lapsed (with their events), releases
 * their claims, and retries every release still owed (a cancellation or expiry whose release failed).
 * Safe with several processes: each row is expired, and its event written, once; releases are idempotent.
 * Once an hour (from start) it also forgets idempotency keys older than their retention.
 */
export function startReservationExpiryWorker(
  reservations: ReservationsService,
  claims: ClaimRelease,
  idempotency: { service: IdempotencyService; retentionDays: number },
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  const stopExpiry = repeatEvery(
    { intervalMs, logger, failure: 'reservation expiry sweep failed' },
    async () => {
      const expired = await reservations.expireLapsedHolds();
      if (expired.length > 0)
        logger.info(
          { expired: expired.length, reservations: expired.map((r) => r.id) },
          'reservation holds expired',
        );
      const released = await claims.releaseOwed();
      if (released > 0) logger.info({ released }, 'owed calendar releases paid');
    },
  );
  const stopPrune = repeatEvery(
    { intervalMs: PRUNE_EVERY_MS, logger, failure: 'idempotency key pruning failed', runAtStart: true },
    async () => {
      const forgotten = await idempotency.service.prune(idempotency.retentionDays);
      if (forgotten > 0) logger.info({ forgotten }, 'old idempotency keys forgotten');
    },
  );
  return async () => {
    await Promise.all([stopExpiry(), stopPrune()]);
  };
}
