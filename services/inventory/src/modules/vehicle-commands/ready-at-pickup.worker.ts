import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { ReadyAtPickupService } from './ready-at-pickup.service';

/** Runs the ready-at-pickup pass every `tickMs` (READY_AT_PICKUP=false: not at all). */
export function startReadyAtPickupWorker(
  ready: Pick<ReadyAtPickupService, 'pass'>,
  o: { enabled: boolean; tickMs: number },
  logger: Logger,
): () => Promise<void> {
  if (!o.enabled) return () => Promise.resolve();
  return repeatEvery(
    { intervalMs: o.tickMs, logger, failure: 'ready-at-pickup pass failed', runAtStart: true },
    async () => {
      const steps = await ready.pass();
      const done = steps.filter((s) => s.done.length > 0);
      if (done.length > 0) logger.info({ steps: done }, 'ready at pickup: acted on booked cars');
    },
  );
}
