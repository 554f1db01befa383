import { memo, useId, useState } from 'react';
import type { VehicleModel } from '@cybertacotruck/contracts';
import {
  addMonths,
  monthOf,
  monthWeeks,
  pickDay,
  placeInRange,
  weekStart,
  type DayRange,
} from '../../../lib/range-calendar';
import { useAvailabilityDays } from '../api/get-availability-days';

interface RangeCalendarProps {
  range: DayRange;
  /** Today in the customer's time zone, "YYYY-MM-DD": earlier days cannot be picked. */
  today: string;
  timeZone: string;
  model: VehicleModel | undefined;
  onChange: (range: DayRange) => void;
}

// Made on first use (locale data costs a phone a long task), as lib/format.ts does.
let monthTitle: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;
let weekdayShort: Intl.DateTimeFormat | undefined;
let weekdayLong: Intl.DateTimeFormat | undefined;
// Calendar dates are drawn at noon UTC and formatted in UTC: no zone can move them to another day.
const noonUtc = (date: string) => new Date(`${date}T12:00:00Z`);
const formatMonth = (month: string) =>
  (monthTitle ??= new Intl.DateTimeFormat(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })).format(noonUtc(`${month}-01`));
/**
 * "Thursday, December 10" around its day number: the number is what the button shows, the rest is
 * spoken. Kept per date: a month is 28–31 formatToParts calls, and the page renders it more than once.
 */
const dayNames = new Map<string, { before: string; day: string; after: string }>();
const dayName = (date: string): { before: string; day: string; after: string } => {
  let name = dayNames.get(date);
  if (!name) {
    const parts = (dayFormat ??= new Intl.DateTimeFormat(undefined, {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    })).formatToParts(noonUtc(date));
    const at = parts.findIndex((p) => p.type === 'day');
    const text = (from: number, to?: number) =>
      parts
        .slice(from, to)
        .map((p) => p.value)
        .join('');
    name = { before: text(0, at), day: parts[at]?.value ?? date.slice(8), after: text(at + 1) };
    dayNames.set(date, name);
  }
  return name;
};

/** Seven weekday headers from the first day of the week, short and long. */
function weekdays(first: number): { short: string; long: string }[] {
  weekdayShort ??= new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
  weekdayLong ??= new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone: 'UTC' });
  // 4 January 2026 is a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2026, 0, 4 + ((first + i) % 7), 12));
    return {
      short: (weekdayShort as Intl.DateTimeFormat).format(d),
      long: (weekdayLong as Intl.DateTimeFormat).format(d),
    };
  });
}

const freeText = (free: number, total: number) =>
  total === 0
    ? 'no cars'
    : free === 0
      ? 'none free all day'
      : `${String(free)} of ${String(total)} cars free`;

/**
 * A month of days to pick a rental's first and last day on, each with how many cars are free all
 * that day (GET /availability/days, for the chosen model). A day with none free can still be
 * picked: a car may be free for the hours wanted. Memoised: the browse page renders again as each
 * of its answers arrives (availability, preferences, locations…), and redrawing a month of buttons
 * each time is main-thread work a phone's first load pays for (bench:web's /browse).
 */
export const RangeCalendar = memo(function RangeCalendar({
  range,
  today,
  timeZone,
  model,
  onChange,
}: RangeCalendarProps) {
  const [month, setMonth] = useState(() => monthOf(range.start ?? today));
  const [first] = useState(() => weekStart(undefined));
  const titleId = useId();
  const days = useAvailabilityDays({ month, timeZone, ...(model ? { model } : {}) });
  const counts = new Map((days.data?.days ?? []).map((d) => [d.date, d]));
  const canGoBack = month > monthOf(today);

  return (
    <div className="range-calendar" role="group" aria-labelledby={titleId}>
      <div className="calendar-head">
        <button
          type="button"
          className="button calendar-step"
          aria-label="Previous month"
          disabled={!canGoBack}
          onClick={() => {
            setMonth((m) => addMonths(m, -1));
          }}
        >
          ‹
        </button>
        <h3 id={titleId} aria-live="polite">
          {formatMonth(month)}
        </h3>
        <button
          type="button"
          className="button calendar-step"
          aria-label="Next month"
          onClick={() => {
            setMonth((m) => addMonths(m, 1));
          }}
        >
          ›
        </button>
      </div>
      <table className="calendar-grid">
        <thead>
          <tr>
            {weekdays(first).map((w) => (
              <th key={w.long} scope="col" abbr={w.long}>
                {w.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(month, first).map((week, i) => (
            <tr key={week.find((d) => d !== null) ?? i}>
              {week.map((date, j) => {
                if (date === null) return <td key={`blank-${String(j)}`} />;
                const count = counts.get(date);
                const place = placeInRange(range, date);
                const past = date < today;
                const spoken = dayName(date);
                const tone = !count
                  ? ''
                  : count.free === 0
                    ? ' day-full'
                    : count.free < count.total
                      ? ' day-some'
                      : '';
                return (
                  <td key={date}>
                    <button
                      type="button"
                      className={`calendar-day${place ? ` day-${place}` : ''}${tone}`}
                      aria-pressed={place !== null}
                      disabled={past}
                      onClick={() => {
                        onChange(pickDay(range, date));
                      }}
                    >
                      {/* Named by its content, not an aria-label: what is seen is what is said. The
                          spoken parts around the day number are one hidden span each side (a month
                          is 31 buttons: every element in them is first-load work on a phone). */}
                      <span className="visually-hidden">{spoken.before}</span>
                      {spoken.day}
                      <span className="visually-hidden">
                        {spoken.after}
                        {count && !past ? `, ${freeText(count.free, count.total)}` : ''}
                      </span>
                      <span className="day-count" aria-hidden="true">
                        {count && !past ? (count.free === 0 ? '–' : count.free) : ''}
                      </span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-hint">
        {range.start !== null && range.end === null
          ? 'Now tap the day you bring the car back.'
          : 'Tap the first day, then the last. The small number: cars free all that day.'}
      </p>
    </div>
  );
});
