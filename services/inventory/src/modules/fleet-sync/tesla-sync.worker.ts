import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { TeslaConnectionsService } from '../tesla-connections/connections.service';
import type { FleetSyncService } from './fleet-sync.service';

/** Read anew each time (a stop arrives while a pass awaits Tesla). */
const isStopped = (signal: AbortSignal): boolean => signal.aborted;

/**
 * Runs the sync policy for every connected Tesla account each tick (the policy decides whether a
 * tick spends any call). (Position history retention is its own worker: position-retention.worker.ts.)
 */
export async function startTeslaSyncWorker(
  o: {
    connections: Pick<TeslaConnectionsService, 'connected'>;
    sync: Pick<FleetSyncService, 'syncConnection'>;
    /** TESLA_SYNC and TESLA_SYNC_TICK_MS. */
    enabled: boolean;
    tickMs: number;
  },
  logger: Logger,
): Promise<() => Promise<void>> {
  if (!o.enabled) return async () => {};

  const tick = async (stopped: AbortSignal) => {
    const now = new Date();
    for (const connection of await o.connections.connected()) {
      if (isStopped(stopped)) return;
      const report = await o.sync.syncConnection(connection, now, { stopped });
      // Stopping cut the pass short (a Tesla wait was aborted): not a failure to report.
      if (isStopped(stopped)) return;
      if (report.error)
        logger.warn({ connectionId: connection.id, error: report.error }, 'Tesla sync pass incomplete');
      else if (report.polled.length > 0 || report.listed)
        logger.debug(
          { connectionId: connection.id, polled: report.polled, listed: report.listed },
          'Tesla sync pass',
        );
    }
  };

  return repeatEvery({ intervalMs: o.tickMs, logger, failure: 'Tesla sync tick failed' }, tick);
}
