import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { HousekeepingRepository, SweepCounts } from './housekeeping.repository';

/** Sweeps at start and then every `intervalMs`; logs the counts only when something was deleted. */
export function startHousekeepingWorker(
  repository: HousekeepingRepository,
  intervalMs: number,
  logger: Logger,
  now: () => Date = () => new Date(),
): () => Promise<void> {
  return repeatEvery(
    {
      intervalMs,
      logger,
      failure: 'notification housekeeping failed',
      runAtStart: true,
    },
    async (signal) => {
      const deleted: SweepCounts = await repository.sweep(now(), signal);
      if (Object.values(deleted).some((n) => n > 0)) logger.info({ deleted }, 'notification housekeeping');
    },
  );
}
