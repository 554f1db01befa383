import { useCallback, useState, type SubmitEvent } from 'react';
import type { VehicleModel } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import type { DayRange } from '../../../lib/range-calendar';
import { addDays, instantToZoned, zonedToInstant } from '../../../lib/time';
import type { LocalPeriod } from '../browse-search';
import { RangeCalendar } from './range-calendar';

interface PeriodFormProps {
  initial: LocalPeriod;
  timeZone: string;
  now: number;
  /** The model searched for: the calendar counts its cars. */
  model?: VehicleModel | undefined;
  /** Messages from the server for `from` / `to`, shown under the fields. */
  serverErrors?: { from?: string | undefined; to?: string | undefined };
  onSubmit: (period: LocalPeriod) => void;
}

/** What the browser can tell before asking the server: both set, in the future, in order. */
function check(period: LocalPeriod, timeZone: string, now: number): { from?: string; to?: string } {
  const from = zonedToInstant(period.from, timeZone);
  const to = zonedToInstant(period.to, timeZone);
  if (!from) return { from: 'Choose a pick-up date and time.' };
  if (!to) return { to: 'Choose a return date and time.' };
  if (from.getTime() <= now) return { from: 'Pick-up must be in the future.' };
  if (to <= from) return { to: 'Return must be after pick-up.' };
  return {};
}

const dateOf = (local: string) => local.slice(0, 10);
const timeOf = (local: string, fallback: string) => (local.length >= 16 ? local.slice(11, 16) : fallback);

export function PeriodForm({ initial, timeZone, now, model, serverErrors, onSubmit }: PeriodFormProps) {
  const [period, setPeriod] = useState(initial);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  // The days picked on the calendar; the fields below keep the times (and can be typed in).
  const [range, setRange] = useState<DayRange>({ start: dateOf(initial.from), end: dateOf(initial.to) });
  const today = instantToZoned(new Date(now), timeZone).slice(0, 10);

  // The same function every render, so the (memoised) calendar is not drawn again for nothing.
  const pick = useCallback((next: DayRange) => {
    setRange(next);
    if (next.start === null) return;
    const start = next.start;
    setPeriod((p) => ({
      from: `${start}T${timeOf(p.from, '10:00')}`,
      // Until the last day is tapped, the next day: a whole day is the shortest rental most want.
      to: `${next.end ?? addDays(start, 1)}T${timeOf(p.to, '10:00')}`,
    }));
  }, []);
  const type = (next: LocalPeriod) => {
    setPeriod(next);
    setRange({ start: dateOf(next.from) || null, end: dateOf(next.to) || null });
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = check(period, timeZone, now);
    setErrors(found);
    if (!found.from && !found.to) onSubmit(period);
  };

  return (
    <form className="form period-form" id="search-form" onSubmit={submit} noValidate>
      <RangeCalendar range={range} today={today} timeZone={timeZone} model={model} onChange={pick} />
      <div className="period-fields">
        <Field label="Pick-up" error={errors.from ?? serverErrors?.from}>
          {(a) => (
            <input
              {...a}
              type="datetime-local"
              value={period.from}
              step={900}
              onChange={(e) => {
                type({ ...period, from: e.target.value });
              }}
              required
            />
          )}
        </Field>
        <Field label="Return" error={errors.to ?? serverErrors?.to}>
          {(a) => (
            <input
              {...a}
              type="datetime-local"
              value={period.to}
              min={period.from}
              step={900}
              onChange={(e) => {
                type({ ...period, to: e.target.value });
              }}
              required
            />
          )}
        </Field>
      </div>
      <p className="field-hint">Times in {timeZone.replace(/_/g, ' ')}</p>
      <button className="button button-primary" type="submit">
        Show available cars
      </button>
    </form>
  );
}
