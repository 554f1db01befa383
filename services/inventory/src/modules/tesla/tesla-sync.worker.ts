import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { InventoryModules } from '../../index';

const HOUR_MS = 3_600_000;

/**
 * Runs the sync policy for every connected Tesla account each tick (the policy decides whether a
 * tick spends any call), and prunes position history past its retention once an hour.
 */
export async function startTeslaSyncWorker(
  modules: InventoryModules,
  logger: Logger,
): Promise<() => Promise<void>> {
  if (!modules.config.TESLA_SYNC) return async () => {};
  let lastPrune = 0;

  const tick = async (stopped: AbortSignal) => {
    const now = new Date();
    for (const connection of await modules.connections.connected()) {
      if (stopped.aborted) return;
      const report = await modules.sync.syncConnection(connection, now);
      if (report.error)
        logger.warn({ connectionId: connection.id, error: report.error }, 'Tesla sync pass incomplete');
      else if (report.polled.length > 0 || report.listed)
        logger.debug(
          { connectionId: connection.id, polled: report.polled, listed: report.listed },
          'Tesla sync pass',
        );
    }
    if (now.getTime() - lastPrune > HOUR_MS) {
      lastPrune = now.getTime();
      const cutoff = new Date(now.getTime() - modules.config.POSITION_HISTORY_DAYS * 24 * HOUR_MS);
      const removed = await modules.live.purgePositionsBefore(cutoff);
      if (removed > 0) logger.info({ removed }, 'pruned position history past retention');
    }
  };

  return repeatEvery(
    { intervalMs: modules.config.TESLA_SYNC_TICK_MS, logger, failure: 'Tesla sync tick failed' },
    tick,
  );
}
