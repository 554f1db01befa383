/**
 * The arithmetic of a month calendar that picks a range of days: dates are "YYYY-MM-DD" texts,
 * months "YYYY-MM", read as calendar dates (no time zone: the page says whose days they are).
 */

export interface DayRange {
  start: string | null;
  end: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(month: string): { year: number; month: number } {
  const [year = 1970, m = 1] = month.split('-').map(Number);
  return { year, month: m };
}

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const { year, month: m } = parts(month);
  const d = new Date(Date.UTC(year, m - 1 + n, 1));
  return `${String(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}`;
}

export const monthOf = (date: string): string => date.slice(0, 7);

/** Days in the month, 28-31. */
export function daysInMonth(month: string): number {
  const { year, month: m } = parts(month);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/**
 * The month as weeks of seven cells, each a date or null (the days of the months before and
 * after are left blank), the first column being `weekStartsOn` (0 Sunday … 6 Saturday).
 */
export function monthWeeks(month: string, weekStartsOn: number): (string | null)[][] {
  const { year, month: m } = parts(month);
  const first = new Date(Date.UTC(year, m - 1, 1)).getUTCDay();
  const lead = (first - weekStartsOn + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= daysInMonth(month); day++) cells.push(`${month}-${pad(day)}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * A tap on a day: the first tap (or any tap once a range is complete) starts a new range; the
 * next tap on that day or a later one ends it; a tap before the start moves the start there.
 */
export function pickDay(range: DayRange, day: string): DayRange {
  if (range.start === null || range.end !== null) return { start: day, end: null };
  if (day < range.start) return { start: day, end: null };
  return { start: range.start, end: day };
}

/** Where a day stands in the range, for drawing it. */
export function placeInRange(range: DayRange, day: string): 'start' | 'end' | 'within' | null {
  if (range.start === null) return null;
  if (day === range.start) return 'start';
  if (range.end === null) return null;
  if (day === range.end) return 'end';
  return day > range.start && day < range.end ? 'within' : null;
}

/** The first day of the week where the user is (Monday in most of the world, Sunday in the US). */
export function weekStart(locale: string | undefined): number {
  try {
    // getWeekInfo is new (weekInfo in older engines): typed as possibly absent on purpose.
    const l = new Intl.Locale(locale ?? new Intl.DateTimeFormat().resolvedOptions().locale) as unknown as {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const info = l.getWeekInfo?.() ?? l.weekInfo;
    // Intl counts 1 Monday … 7 Sunday.
    return info ? info.firstDay % 7 : 0;
  } catch {
    return 0;
  }
}
