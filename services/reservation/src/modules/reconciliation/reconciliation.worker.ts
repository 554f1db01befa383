import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { ReconciliationService } from './reconciliation.service';

/** Every `intervalMs` (and once at start), one reconciliation pass; what it repaired is logged. */
export function startReconciliationWorker(
  reconciliation: ReconciliationService,
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  return repeatEvery(
    { intervalMs, logger, failure: 'reservation reconciliation failed', runAtStart: true },
    async () => {
      const report = await reconciliation.run();
      if (Object.values(report).some((n) => n > 0)) logger.warn({ report }, 'reservations reconciled');
    },
  );
}
