import { Temporal } from '@js-temporal/polyfill';
import type { QuietHours } from '@cybertacotruck/contracts';

/**
 * When a message due at `at` may go out for someone with these quiet hours in `timeZone`: `at`
 * itself outside them, else the end of the quiet window it falls in. Windows may cross midnight
 * (22:00–07:00); wall-clock times are resolved in the zone, so a window ending at 07:00 ends at
 * 07:00 local time on a daylight-saving day too (an end inside a spring-forward gap moves later).
 */
export function releaseTime(at: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet) return at;
  let local: Temporal.ZonedDateTime;
  try {
    local = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
  } catch {
    return at;
  }
  const start = Temporal.PlainTime.from(quiet.start);
  const end = Temporal.PlainTime.from(quiet.end);
  const time = local.toPlainTime();
  const today = local.toPlainDate();
  const cmp = (a: Temporal.PlainTime, b: Temporal.PlainTime) => Temporal.PlainTime.compare(a, b);
  let endDate: Temporal.PlainDate | null = null;
  if (cmp(start, end) < 0) {
    // Same-day window, e.g. 13:00–15:00.
    if (cmp(time, start) >= 0 && cmp(time, end) < 0) endDate = today;
  } else if (cmp(start, end) > 0) {
    // Crossing midnight, e.g. 22:00–07:00: late evening ends tomorrow, early morning ends today.
    if (cmp(time, start) >= 0) endDate = today.add({ days: 1 });
    else if (cmp(time, end) < 0) endDate = today;
  }
  if (!endDate) return at;
  const release = endDate.toZonedDateTime({ timeZone, plainTime: end });
  return new Date(release.epochMilliseconds);
}
