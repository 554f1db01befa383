import type { Logger } from '@cybertacotruck/platform';
import type { CalendarService } from './calendar.service';

/**
 * Marks lapsed holds `expired` every `intervalMs`. Availability and new holds already treat a
 * lapsed hold as free; the sweep keeps the table honest for the timeline and for reporting.
 */
export function startCalendarExpiryWorker(
  calendar: CalendarService,
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow sweep is never stacked with the next one
    busy = true;
    running = calendar
      .expireLapsedHolds()
      .then((expired) => {
        if (expired.length > 0)
          logger.info({ expired: expired.length, holds: expired.map((h) => h.id) }, 'holds expired');
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'hold expiry sweep failed');
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();

  return async () => {
    clearInterval(timer);
    await running;
  };
}
