import { repeatEvery, type Logger } from '@cybertacotruck/platform';
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
  return repeatEvery({ intervalMs, logger, failure: 'hold expiry sweep failed' }, async () => {
    const expired = await calendar.expireLapsedHolds();
    if (expired.length > 0)
      logger.info({ expired: expired.length, holds: expired.map((h) => h.id) }, 'holds expired');
  });
}
