import { Temporal } from '@js-temporal/polyfill';

/**
 * Wall-clock times in a named time zone, for `<input type="datetime-local">` values
 * ("2026-05-01T10:00"), which carry no zone of their own. The zone rules are Temporal's (the
 * polyfill the server counts rental days with), not offsets worked out by hand: a day across a
 * daylight-saving change is 23 or 25 hours long, and a wall time in the spring-forward gap exists
 * in no zone offset at all.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export const deviceTimeZone = (): string => Temporal.Now.timeZoneId();

const zoned = (instant: Date, timeZone: string): Temporal.ZonedDateTime =>
  Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);

/**
 * "2026-05-01T10:00" in `timeZone` → the instant; null when the text is not such a time (or names
 * a day that does not exist, such as 2026-02-30). A wall time skipped by a spring-forward change
 * is read as the same time after it (02:30 → 03:30), one repeated by a fall-back change as its
 * first occurrence: Temporal's 'compatible' reading, as browsers read wall times too.
 */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  let wall: Temporal.PlainDateTime;
  try {
    wall = new Temporal.PlainDateTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  } catch {
    return null;
  }
  const instant = wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  return new Date(instant.epochMilliseconds);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as "2026-05-01T10:00" on the wall clocks of `timeZone`. */
export function instantToZoned(instant: Date, timeZone: string): string {
  const t = zoned(instant, timeZone);
  return `${String(t.year)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** The calendar date `days` after the date of a "YYYY-MM-DD…" text. */
export function addDays(localDate: string, days: number): string {
  return Temporal.PlainDate.from(localDate.slice(0, 10)).add({ days }).toString();
}

/** Tomorrow 10:00 → the day after 10:00, on the wall clocks of `timeZone`. */
export function defaultRentalPeriod(now: Date, timeZone: string): { from: string; to: string } {
  const today = instantToZoned(now, timeZone).slice(0, 10);
  return { from: `${addDays(today, 1)}T10:00`, to: `${addDays(today, 2)}T10:00` };
}

/**
 * The first instant of the day `instant` falls on, in `timeZone`: local midnight, or the first
 * time that exists when a change skips midnight (as some zones' spring-forward does).
 */
export function startOfZonedDay(instant: Date, timeZone: string): Date {
  return new Date(zoned(instant, timeZone).startOfDay().epochMilliseconds);
}

/**
 * The starts of `count` consecutive local days from `firstDate` ("YYYY-MM-DD"), plus the start of
 * the day after them (count + 1 instants): day columns across a daylight-saving change are 23 or
 * 25 hours apart, never a fixed 24.
 */
export function zonedDayStarts(firstDate: string, count: number, timeZone: string): Date[] {
  const first = Temporal.PlainDate.from(firstDate.slice(0, 10));
  return Array.from(
    { length: count + 1 },
    (_, i) => new Date(first.add({ days: i }).toZonedDateTime({ timeZone }).epochMilliseconds),
  );
}

/** Every IANA zone this browser knows, plus UTC (which the list leaves out), sorted. */
const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
export const timeZones = (): readonly string[] => ZONES;
export const isTimeZone = (zone: string): boolean => ZONES.includes(zone);
