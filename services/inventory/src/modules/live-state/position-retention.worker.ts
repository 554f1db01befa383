import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { LiveStateRepository } from './live-state.repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface PositionRetention {
  /** POSITION_HISTORY_DAYS: positions older than this are deleted. */
  days: number;
  /** POSITION_HISTORY_PRUNE_BATCH: positions deleted per statement. */
  batch: number;
}

/**
 * Deletes position history older than the retention, a bounded batch per statement (a fleet's
 * backlog never becomes one long delete holding locks), until a batch comes back short. Returns
 * how many positions it deleted.
 */
export async function prunePositionHistory(
  live: Pick<LiveStateRepository, 'purgePositionsBefore'>,
  retention: PositionRetention,
  now: Date,
  stopped?: AbortSignal,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retention.days * DAY_MS);
  let removed = 0;
  for (;;) {
    const n = await live.purgePositionsBefore(cutoff, retention.batch);
    removed += n;
    if (n < retention.batch || stopped?.aborted) return removed;
  }
}

/**
 * Position history is where customers drove: it is kept POSITION_HISTORY_DAYS (trips and support
 * look-backs), then deleted, at start and every hour, whether or not the Tesla sync runs
 * (telemetry writes positions too).
 */
export function startPositionRetentionWorker(
  live: LiveStateRepository,
  retention: PositionRetention,
  logger: Logger,
): () => Promise<void> {
  return repeatEvery(
    { intervalMs: HOUR_MS, logger, failure: 'position history retention failed', runAtStart: true },
    async (stopped) => {
      const removed = await prunePositionHistory(live, retention, new Date(), stopped);
      if (removed > 0)
        logger.info({ removed, days: retention.days }, 'deleted position history past retention');
    },
  );
}
