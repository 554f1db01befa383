import type { Logger } from '@cybertacotruck/platform';
import type { HousekeepingRepository, SweepCounts } from './housekeeping.repository';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface HousekeepingSettings {
  LOGIN_WINDOW_MINUTES: number;
  DEV_INBOX_RETENTION_DAYS: number;
  ACCOUNT_SWEEP_MS: number;
}

/** One sweep: what expired sessions, old login attempts, spent reset codes and old dev SMS leave behind. */
export function sweepOnce(
  repository: HousekeepingRepository,
  settings: HousekeepingSettings,
  now: Date,
): Promise<SweepCounts> {
  const at = now.getTime();
  return repository.sweep({
    sessionsExpiredBefore: new Date(at - DAY_MS),
    // Twice the window: the limiter never reads further back than one window.
    loginAttemptsBefore: new Date(at - 2 * settings.LOGIN_WINDOW_MINUTES * MINUTE_MS),
    passwordResetsBefore: new Date(at - DAY_MS),
    devMessagesBefore: new Date(at - settings.DEV_INBOX_RETENTION_DAYS * DAY_MS),
  });
}

/** Sweeps at start and then every ACCOUNT_SWEEP_MS; a slow sweep is never stacked with the next. */
export function startHousekeepingWorker(
  repository: HousekeepingRepository,
  settings: HousekeepingSettings,
  logger: Logger,
  now: () => Date = () => new Date(),
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = sweepOnce(repository, settings, now())
      .then((deleted) => {
        if (Object.values(deleted).some((n) => n > 0)) logger.info({ deleted }, 'account housekeeping');
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'account housekeeping failed');
      })
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const timer = setInterval(tick, settings.ACCOUNT_SWEEP_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
