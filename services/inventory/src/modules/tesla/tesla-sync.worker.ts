import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { InventoryModules } from '../../index';

/**
 * Runs the sync policy for every connected Tesla account each tick (the policy decides whether a
 * tick spends any call). (Position history retention is its own worker: position-retention.worker.ts.)
 */
export async function startTeslaSyncWorker(
  modules: InventoryModules,
  logger: Logger,
): Promise<() => Promise<void>> {
  if (!modules.config.TESLA_SYNC) return async () => {};

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
  };

  return repeatEvery(
    { intervalMs: modules.config.TESLA_SYNC_TICK_MS, logger, failure: 'Tesla sync tick failed' },
    tick,
  );
}
