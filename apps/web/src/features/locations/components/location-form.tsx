import { useForm, useWatch } from 'react-hook-form';
import {
  LOCATION_INSTRUCTIONS_MAX,
  WEEKDAYS,
  type CreateLocationBody,
  type Location,
  type OpeningHours,
  type Weekday,
} from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { WEEKDAY_LABELS } from './opening-hours';
import '../locations.css';

interface DayValues {
  open: boolean;
  opens: string;
  closes: string;
  /** A second interval (e.g. after a lunch break); empty when there is none. */
  opens2: string;
  closes2: string;
}

export interface LocationFormValues {
  name: string;
  line1: string;
  line2: string;
  line3: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  lat: string;
  lng: string;
  timeZone: string;
  phone: string;
  instructions: string;
  hours: Record<Weekday, DayValues>;
}

const closedDay: DayValues = { open: false, opens: '09:00', closes: '18:00', opens2: '', closes2: '' };
const openDay: DayValues = { ...closedDay, open: true };

const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const emptyLocationValues = (): LocationFormValues => ({
  name: '',
  line1: '',
  line2: '',
  line3: '',
  city: '',
  region: '',
  postalCode: '',
  country: 'US',
  lat: '',
  lng: '',
  timeZone: deviceZone(),
  phone: '',
  instructions: '',
  hours: {
    mon: openDay,
    tue: openDay,
    wed: openDay,
    thu: openDay,
    fri: openDay,
    sat: closedDay,
    sun: closedDay,
  },
});

export function locationValuesOf(l: Location): LocationFormValues {
  const day = (d: Weekday): DayValues => {
    const [first, second] = l.openingHours[d];
    return first
      ? {
          open: true,
          opens: first.opens,
          closes: first.closes,
          opens2: second?.opens ?? '',
          closes2: second?.closes ?? '',
        }
      : closedDay;
  };
  return {
    name: l.name,
    line1: l.address.lines[0] ?? '',
    line2: l.address.lines[1] ?? '',
    line3: l.address.lines[2] ?? '',
    city: l.address.city,
    region: l.address.region ?? '',
    postalCode: l.address.postalCode ?? '',
    country: l.address.country,
    lat: String(l.coordinates.lat),
    lng: String(l.coordinates.lng),
    timeZone: l.timeZone,
    phone: l.phone ?? '',
    instructions: l.instructions ?? '',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, day(d)])) as Record<Weekday, DayValues>,
  };
}

/** The form as the API body; the server checks it all (and names the field of each fault). */
export function toLocationBody(v: LocationFormValues): CreateLocationBody {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  const hours = Object.fromEntries(
    WEEKDAYS.map((d) => {
      const h = v.hours[d];
      if (!h.open) return [d, []];
      const second = h.opens2 && h.closes2 ? [{ opens: h.opens2, closes: h.closes2 }] : [];
      return [d, [{ opens: h.opens, closes: h.closes }, ...second]];
    }),
  ) as OpeningHours;
  return {
    name: v.name.trim(),
    address: {
      lines: [v.line1, v.line2, v.line3].map((l) => l.trim()).filter((l) => l !== ''),
      city: v.city.trim(),
      region: orNull(v.region),
      postalCode: orNull(v.postalCode),
      country: v.country.trim().toUpperCase(),
    },
    coordinates: { lat: Number(v.lat), lng: Number(v.lng) },
    timeZone: v.timeZone.trim(),
    openingHours: hours,
    instructions: orNull(v.instructions),
    phone: orNull(v.phone),
  };
}

const isNumberIn = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  return (
    (value.trim() !== '' && Number.isFinite(n) && n >= min && n <= max) ||
    `A number from ${String(min)} to ${String(max)}`
  );
};

const ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

interface LocationFormProps {
  initial: LocationFormValues;
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  onSubmit: (values: LocationFormValues) => void;
  onCancel?: () => void;
}

/** Add or edit a pickup location: name, address, map position, zone, opening hours, instructions, phone. */
export function LocationForm({
  initial,
  submitLabel,
  submitting,
  error,
  onSubmit,
  onCancel,
}: LocationFormProps) {
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm<LocationFormValues>({ defaultValues: initial });
  const hours = useWatch({ control, name: 'hours' });
  const apiError = error instanceof ApiError ? error : null;
  const server = (field: string) => apiError?.fieldMessage(field);
  const required = (label: string) => ({
    validate: (v: string) => v.trim() !== '' || `${label} is required`,
  });

  return (
    <form className="form" onSubmit={(e) => void handleSubmit(onSubmit)(e)} noValidate>
      {error !== null && error !== undefined && <ErrorNotice error={error} />}
      <Field
        label="Name"
        error={errors.name?.message ?? server('name')}
        hint="Shown to renters, e.g. Downtown garage"
      >
        {(a) => <input {...a} {...register('name', required('Name'))} maxLength={80} />}
      </Field>
      <fieldset className="plain-fieldset location-fieldset">
        <legend className="fieldset-title">Address</legend>
        <Field label="Street" error={errors.line1?.message ?? server('address.lines')}>
          {(a) => (
            <input
              {...a}
              {...register('line1', required('Street'))}
              autoComplete="address-line1"
              maxLength={120}
            />
          )}
        </Field>
        <Field label="Street, line 2 (optional)" error={server('address.lines.1')}>
          {(a) => <input {...a} {...register('line2')} autoComplete="address-line2" maxLength={120} />}
        </Field>
        <Field label="Street, line 3 (optional)" error={server('address.lines.2')}>
          {(a) => <input {...a} {...register('line3')} autoComplete="address-line3" maxLength={120} />}
        </Field>
        <div className="form-row">
          <Field label="City" error={errors.city?.message ?? server('address.city')}>
            {(a) => (
              <input
                {...a}
                {...register('city', required('City'))}
                autoComplete="address-level2"
                maxLength={80}
              />
            )}
          </Field>
          <Field label="State / region" error={server('address.region')}>
            {(a) => <input {...a} {...register('region')} autoComplete="address-level1" maxLength={80} />}
          </Field>
        </div>
        <div className="form-row">
          <Field label="Postal code" error={server('address.postalCode')}>
            {(a) => <input {...a} {...register('postalCode')} autoComplete="postal-code" maxLength={11} />}
          </Field>
          <Field
            label="Country"
            error={errors.country?.message ?? server('address.country')}
            hint="2 letters, e.g. US"
          >
            {(a) => (
              <input
                {...a}
                {...register('country', {
                  validate: (v) => /^[A-Za-z]{2}$/.test(v.trim()) || 'Two letters, e.g. US',
                })}
                autoComplete="country"
                autoCapitalize="characters"
                maxLength={2}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="plain-fieldset location-fieldset">
        <legend className="fieldset-title">Position and time zone</legend>
        <div className="form-row">
          <Field label="Latitude" error={errors.lat?.message ?? server('coordinates.lat')} hint="-90 to 90">
            {(a) => (
              <input {...a} {...register('lat', { validate: isNumberIn(-90, 90) })} inputMode="decimal" />
            )}
          </Field>
          <Field
            label="Longitude"
            error={errors.lng?.message ?? server('coordinates.lng')}
            hint="-180 to 180"
          >
            {(a) => (
              <input {...a} {...register('lng', { validate: isNumberIn(-180, 180) })} inputMode="decimal" />
            )}
          </Field>
        </div>
        <Field
          label="Time zone"
          error={errors.timeZone?.message ?? server('timeZone')}
          hint="The opening hours are in this zone, e.g. America/Chicago"
        >
          {(a) => (
            <input
              {...a}
              {...register('timeZone', required('Time zone'))}
              list="location-zones"
              spellCheck={false}
            />
          )}
        </Field>
        <datalist id="location-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </fieldset>
      <fieldset className="plain-fieldset location-fieldset">
        <legend className="fieldset-title">Opening hours</legend>
        {server('openingHours') && <p className="field-error">{server('openingHours')}</p>}
        <div className="hours-grid">
          {WEEKDAYS.map((d) => {
            const open = hours[d].open;
            const fault = [0, 1]
              .flatMap((i) => [String(i), `${String(i)}.opens`, `${String(i)}.closes`])
              .map((f) => server(`openingHours.${d}.${f}`))
              .find(Boolean);
            return (
              <div key={d}>
                <div className="hours-day">
                  <label className="check">
                    <input type="checkbox" {...register(`hours.${d}.open`)} /> {WEEKDAY_LABELS[d]}
                  </label>
                  {open ? (
                    <div className="hours-times">
                      <input
                        type="time"
                        aria-label={`${WEEKDAY_LABELS[d]} opens`}
                        {...register(`hours.${d}.opens`)}
                      />
                      –
                      <input
                        type="time"
                        aria-label={`${WEEKDAY_LABELS[d]} closes`}
                        {...register(`hours.${d}.closes`)}
                      />
                      <input
                        type="time"
                        aria-label={`${WEEKDAY_LABELS[d]} opens again (optional)`}
                        {...register(`hours.${d}.opens2`)}
                      />
                      –
                      <input
                        type="time"
                        aria-label={`${WEEKDAY_LABELS[d]} closes again (optional)`}
                        {...register(`hours.${d}.closes2`)}
                      />
                    </div>
                  ) : (
                    <span className="muted">Closed</span>
                  )}
                </div>
                {fault && <p className="field-error">{fault}</p>}
              </div>
            );
          })}
        </div>
        <p className="field-hint">A second pair of times is for a break (e.g. 08:00–12:00, 13:00–18:00).</p>
      </fieldset>
      <Field
        label="Instructions for renters (optional)"
        error={errors.instructions?.message ?? server('instructions')}
        hint={`Where the car stands, how to get in; up to ${String(LOCATION_INSTRUCTIONS_MAX)} characters`}
      >
        {(a) => (
          <textarea {...a} {...register('instructions')} rows={4} maxLength={LOCATION_INSTRUCTIONS_MAX} />
        )}
      </Field>
      <Field
        label="Contact phone (optional)"
        error={server('phone')}
        hint="With the country code, e.g. +1 512 555 0100"
      >
        {(a) => <input {...a} {...register('phone')} type="tel" autoComplete="tel" maxLength={32} />}
      </Field>
      <div className="button-row">
        <button className="button button-primary" type="submit" disabled={submitting}>
          {submitting ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button className="button" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
