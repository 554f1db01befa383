import { Temporal } from '@js-temporal/polyfill';

/**
 * The canonical IANA id of a time zone (`america/chicago` → `America/Chicago`), or null when it is
 * not one. Bare UTC offsets (`+02:00`) are refused: days must follow a place's daylight-saving rules.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z]/.test(zone)) return null;
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone).timeZoneId;
  } catch {
    return null;
  }
}

export interface RentalDays {
  /** 'YYYY-MM-DD' in the time zone. */
  pickupDate: string;
  returnDate: string;
  days: number;
}

/**
 * Rental days of [from, to) as a customer counts them on their calendar: the local calendar days
 * from the pickup date to the return date, plus one when the return's local time of day is later
 * than the pickup's; at least one. Counting dates and wall-clock times (not 24-hour blocks) makes a
 * 10:00 → 10:00 rental whole days even across a daylight-saving change (a 23- or 25-hour day).
 */
export function rentalDays(from: Date, to: Date, timeZone: string): RentalDays {
  const pickup = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(timeZone);
  const dropOff = Temporal.Instant.fromEpochMilliseconds(to.getTime()).toZonedDateTimeISO(timeZone);
  const pickupDate = pickup.toPlainDate();
  const returnDate = dropOff.toPlainDate();
  const dates = pickupDate.until(returnDate, { largestUnit: 'days' }).days;
  const later = Temporal.PlainTime.compare(dropOff.toPlainTime(), pickup.toPlainTime()) > 0 ? 1 : 0;
  return {
    pickupDate: pickupDate.toString(),
    returnDate: returnDate.toString(),
    days: Math.max(1, dates + later),
  };
}

/** An instant as a person in `timeZone` reads it, e.g. `2026-05-01 09:00 (America/Chicago)`. */
export function localTime(at: Date, timeZone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
  return `${local.toPlainDate().toString()} ${local
    .toPlainTime()
    .toString({ smallestUnit: 'minute' })} (${timeZone})`;
}
