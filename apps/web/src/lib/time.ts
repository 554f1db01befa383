/**
 * Wall-clock times in a named time zone, for `<input type="datetime-local">` values
 * ("2026-05-01T10:00"), which carry no zone of their own. The zone rules are the browser's own
 * (Intl, the IANA database the server's Temporal reads too), never offsets worked out by hand: a
 * day across a daylight-saving change is 23 or 25 hours long, and a wall time in the
 * spring-forward gap exists in no zone offset at all. The readings follow Temporal's (the server
 * counts rental days with it; `time.test.ts` pins the cases), without shipping its 46 KB polyfill.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const MINUTE = 60_000;
const DAY = 86_400_000;

let device: string | undefined;
/** The zone this device is set to (asked once: pages call it on every render). */
export const deviceTimeZone = (): string => (device ??= Intl.DateTimeFormat().resolvedOptions().timeZone);

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall clock of `timeZone` at `epochMs`, to the minute. */
function wallAt(epochMs: number, timeZone: string): Wall & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const wallAsUtc = (w: Wall): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);

/** How far `timeZone`'s clocks are ahead of UTC at `epochMs`, in ms (whole minutes). */
function offsetAt(epochMs: number, timeZone: string): number {
  const floored = Math.floor(epochMs / MINUTE) * MINUTE;
  return wallAsUtc(wallAt(floored, timeZone)) - floored;
}

/**
 * The instant of a wall time: of the instants that show it (none, one, or two around a change),
 * the earliest; in a spring-forward gap, the wall time read with the offset before the change
 * (02:30 → 03:30): Temporal's 'compatible' disambiguation.
 */
function wallToEpoch(wall: Wall, timeZone: string): number {
  const local = wallAsUtc(wall);
  const before = offsetAt(local - DAY, timeZone);
  const after = offsetAt(local + DAY, timeZone);
  const shows = [local - before, local - after]
    .filter((epoch) => wallAsUtc(wallAt(epoch, timeZone)) === local)
    .sort((a, b) => a - b);
  return shows[0] ?? local - before;
}

/** A real calendar day and time of day (no 30 February, no 24:00), or null. */
function parseWall(local: string): Wall | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const wall: Wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
  };
  const check = new Date(wallAsUtc(wall));
  if (
    check.getUTCFullYear() !== wall.year ||
    check.getUTCMonth() !== wall.month - 1 ||
    check.getUTCDate() !== wall.day ||
    check.getUTCHours() !== wall.hour ||
    check.getUTCMinutes() !== wall.minute
  )
    return null;
  return wall;
}

/**
 * "2026-05-01T10:00" in `timeZone` → the instant; null when the text is not such a time (or names
 * a day that does not exist, such as 2026-02-30). A wall time skipped by a spring-forward change
 * is read as the same time after it (02:30 → 03:30), one repeated by a fall-back change as its
 * first occurrence: Temporal's 'compatible' reading, as browsers read wall times too.
 */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const wall = parseWall(local);
  return wall ? new Date(wallToEpoch(wall, timeZone)) : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as "2026-05-01T10:00" on the wall clocks of `timeZone`. */
export function instantToZoned(instant: Date, timeZone: string): string {
  const t = wallAt(instant.getTime(), timeZone);
  return `${String(t.year)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** The calendar date `days` after the date of a "YYYY-MM-DD…" text. */
export function addDays(localDate: string, days: number): string {
  const [year = 0, month = 1, day = 1] = localDate.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
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
  const { year, month, day } = wallAt(instant.getTime(), timeZone);
  // Midnight in a gap reads as the end of the gap: the day's first instant.
  return new Date(wallToEpoch({ year, month, day, hour: 0, minute: 0 }, timeZone));
}

/**
 * The starts of `count` consecutive local days from `firstDate` ("YYYY-MM-DD"), plus the start of
 * the day after them (count + 1 instants): day columns across a daylight-saving change are 23 or
 * 25 hours apart, never a fixed 24.
 */
export function zonedDayStarts(firstDate: string, count: number, timeZone: string): Date[] {
  return Array.from({ length: count + 1 }, (_, i) => {
    const [year = 0, month = 1, day = 1] = addDays(firstDate, i).split('-').map(Number);
    return new Date(wallToEpoch({ year, month, day, hour: 0, minute: 0 }, timeZone));
  });
}

/** Every IANA zone this browser knows, plus UTC (which the list leaves out), sorted; listed on first use. */
let zones: readonly string[] | undefined;
export const timeZones = (): readonly string[] =>
  (zones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort());
export const isTimeZone = (zone: string): boolean => timeZones().includes(zone);
