import { useState, type SubmitEvent } from 'react';
import { Field } from '../../../components/field';
import { zonedToInstant } from '../../../lib/time';

export interface LocalPeriod {
  /** Wall-clock times "YYYY-MM-DDTHH:mm" in the customer's time zone. */
  from: string;
  to: string;
}

interface PeriodFormProps {
  initial: LocalPeriod;
  timeZone: string;
  now: number;
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

export function PeriodForm({ initial, timeZone, now, serverErrors, onSubmit }: PeriodFormProps) {
  const [period, setPeriod] = useState(initial);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = check(period, timeZone, now);
    setErrors(found);
    if (!found.from && !found.to) onSubmit(period);
  };

  return (
    <form className="form period-form" onSubmit={submit} noValidate>
      <div className="period-fields">
        <Field label="Pick-up" error={errors.from ?? serverErrors?.from}>
          {(a) => (
            <input
              {...a}
              type="datetime-local"
              value={period.from}
              step={900}
              onChange={(e) => {
                setPeriod((p) => ({ ...p, from: e.target.value }));
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
                setPeriod((p) => ({ ...p, to: e.target.value }));
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
