import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { HousekeepingRepository, SweepCounts } from './housekeeping.repository';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface HousekeepingSettings {
  LOGIN_WINDOW_MINUTES: number;
  LOGIN_ACCOUNT_WINDOW_HOURS: number;
  ACCOUNT_SWEEP_MS: number;
}

/** One sweep: what expired sessions, old login attempts, spent reset codes and expired links leave behind. */
export function sweepOnce(
  repository: HousekeepingRepository,
  settings: HousekeepingSettings,
  now: Date,
): Promise<SweepCounts> {
  const at = now.getTime();
  return repository.sweep({
    sessionsExpiredBefore: new Date(at - DAY_MS),
    // The limiter never reads further back than its longer window (the per-account one, usually).
    loginAttemptsBefore: new Date(
      at -
        Math.max(
          2 * settings.LOGIN_WINDOW_MINUTES * MINUTE_MS,
          settings.LOGIN_ACCOUNT_WINDOW_HOURS * HOUR_MS,
        ),
    ),
    passwordResetsBefore: new Date(at - DAY_MS),
    invitationLinksExpiredBefore: new Date(at - DAY_MS),
  });
}

/** Sweeps at start and then every ACCOUNT_SWEEP_MS. */
export function startHousekeepingWorker(
  repository: HousekeepingRepository,
  settings: HousekeepingSettings,
  logger: Logger,
  now: () => Date = () => new Date(),
): () => Promise<void> {
  return repeatEvery(
    {
      intervalMs: settings.ACCOUNT_SWEEP_MS,
      logger,
      failure: 'account housekeeping failed',
      runAtStart: true,
    },
    async () => {
      const deleted = await sweepOnce(repository, settings, now());
      if (Object.values(deleted).some((n) => n > 0)) logger.info({ deleted }, 'account housekeeping');
    },
  );
}
