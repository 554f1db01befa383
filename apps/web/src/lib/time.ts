/**
 * Wall-clock times in a named time zone, for `<input type="datetime-local">` values
 * ("2026-05-01T10:00"), which carry no zone of their own.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export const deviceTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function wallParts(instant: number, timeZone: string): Record<string, number> {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const p = wallParts(instant, timeZone);
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** "2026-05-01T10:00" in `timeZone` → the instant; null when the text is not such a time. */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone));
}

const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** The instant as "2026-05-01T10:00" on the wall clocks of `timeZone`. */
export function instantToZoned(instant: Date, timeZone: string): string {
  const p = wallParts(instant.getTime(), timeZone);
  return `${String(p.year)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar date `days` after the date of a "YYYY-MM-DD…" text. */
export function addDays(localDate: string, days: number): string {
  const [y = 0, m = 1, d = 1] = localDate.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Tomorrow 10:00 → the day after 10:00, on the wall clocks of `timeZone`. */
export function defaultRentalPeriod(now: Date, timeZone: string): { from: string; to: string } {
  const today = instantToZoned(now, timeZone).slice(0, 10);
  return { from: `${addDays(today, 1)}T10:00`, to: `${addDays(today, 2)}T10:00` };
}

/** Midnight starting the day `instant` falls on, in `timeZone`. */
export function startOfZonedDay(instant: Date, timeZone: string): Date {
  const day = instantToZoned(instant, timeZone).slice(0, 10);
  return zonedToInstant(`${day}T00:00`, timeZone) ?? instant;
}

/** Every IANA zone this browser knows, plus UTC (which the list leaves out), sorted. */
const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
export const timeZones = (): readonly string[] => ZONES;
export const isTimeZone = (zone: string): boolean => ZONES.includes(zone);
