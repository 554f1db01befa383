import { ProblemTypes, type FieldError } from '@cybertacotruck/contracts';
import { RuleViolationError } from '@cybertacotruck/platform';
import { canonicalTimeZone } from './rental-days';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Clocks disagree a little and people take a while to click: a rental may start this far back. */
export const PAST_TOLERANCE_MS = 5 * MINUTE_MS;

export interface Period {
  from: Date;
  to: Date;
}

export interface PeriodRules {
  minHours: number;
  maxDays: number;
}

type Location = FieldError['location'];

/** `[from, to)` a customer may rent, or a 400 invalid-period naming each field that breaks a rule. */
export function requirePeriod(
  fromText: string,
  toText: string,
  rules: PeriodRules,
  now: Date,
  location: Location,
): Period {
  const from = new Date(fromText);
  const to = new Date(toText);
  const errors: FieldError[] = [];
  if (Number.isNaN(from.getTime()))
    errors.push({ location, field: 'from', message: 'from must be a valid date-time' });
  if (Number.isNaN(to.getTime()))
    errors.push({ location, field: 'to', message: 'to must be a valid date-time' });
  if (errors.length === 0) {
    const length = to.getTime() - from.getTime();
    if (length <= 0) errors.push({ location, field: 'to', message: 'to must be after from' });
    else if (length < rules.minHours * HOUR_MS)
      errors.push({ location, field: 'to', message: `a rental lasts at least ${rules.minHours} hours` });
    else if (length > rules.maxDays * DAY_MS)
      errors.push({ location, field: 'to', message: `a rental lasts at most ${rules.maxDays} days` });
    if (from.getTime() < now.getTime() - PAST_TOLERANCE_MS)
      errors.push({ location, field: 'from', message: 'from must not be in the past' });
  }
  if (errors.length > 0)
    throw new RuleViolationError(
      `The rental period is invalid: ${errors.map((e) => e.message).join('; ')}.`,
      errors,
      ProblemTypes.invalidPeriod,
    );
  return { from, to };
}

/** The canonical id of the requested time zone, or a 400 validation naming the field. */
export function requireTimeZone(zone: string, location: Location): string {
  const canonical = canonicalTimeZone(zone);
  if (canonical) return canonical;
  throw new RuleViolationError(`${zone} is not a time zone we know.`, [
    {
      location,
      field: 'timeZone',
      message: 'timeZone must be an IANA time zone such as America/Chicago or Europe/Paris',
    },
  ]);
}
