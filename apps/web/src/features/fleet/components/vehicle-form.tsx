import { useState, type SubmitEvent } from 'react';
import {
  VEHICLE_MODELS,
  VEHICLE_MODEL_LABELS,
  type CreateVehicleBody,
  type Vehicle,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';

export interface VehicleFormValues {
  vin: string;
  model: VehicleModel;
  displayName: string;
  color: string;
  trim: string;
  modelYear: string;
  inService: boolean;
  /** A location id, or '' for none. */
  homeLocationId: string;
}

const emptyValues: VehicleFormValues = {
  vin: '',
  model: 'model_3',
  displayName: '',
  color: '',
  trim: '',
  modelYear: '',
  inService: true,
  homeLocationId: '',
};

export const valuesOf = (v: Vehicle): VehicleFormValues => ({
  vin: v.vin ?? '',
  model: v.model,
  displayName: v.displayName,
  color: v.color ?? '',
  trim: v.trim ?? '',
  modelYear: v.modelYear === null ? '' : String(v.modelYear),
  inService: v.inService,
  homeLocationId: v.homeLocationId ?? '',
});

/** Turns the form into the API body; empty optional fields are left out (create) or cleared (edit). */
export function toCreateBody(values: VehicleFormValues): CreateVehicleBody {
  return {
    vin: values.vin.trim().toUpperCase(),
    model: values.model,
    displayName: values.displayName.trim(),
    inService: values.inService,
    ...(values.homeLocationId ? { homeLocationId: values.homeLocationId } : {}),
    ...(values.color.trim() ? { color: values.color.trim() } : {}),
    ...(values.trim.trim() ? { trim: values.trim.trim() } : {}),
    ...(values.modelYear.trim() ? { modelYear: Number(values.modelYear) } : {}),
  };
}

interface VehicleFormProps {
  mode: 'create' | 'edit';
  initial?: VehicleFormValues;
  submitting: boolean;
  error: unknown;
  onSubmit: (values: VehicleFormValues) => void;
  /** The open pickup locations to choose the vehicle's home from (the page loads them). */
  homeLocations?: readonly { id: string; name: string }[];
}

export function VehicleForm({
  mode,
  initial = emptyValues,
  submitting,
  error,
  onSubmit,
  homeLocations = [],
}: VehicleFormProps) {
  const [values, setValues] = useState(initial);
  const apiError = error instanceof ApiError ? error : null;
  const fieldError = (name: string) => apiError?.fieldMessage(name);
  const set = <K extends keyof VehicleFormValues>(key: K, value: VehicleFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
  };
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(values);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {error !== null && error !== undefined && <ErrorNotice error={error} />}
      <Field label="VIN" error={fieldError('vin')} hint="17 characters, found on the windscreen">
        {(a) => (
          <input
            {...a}
            value={values.vin}
            onChange={(e) => {
              set('vin', e.target.value);
            }}
            readOnly={mode === 'edit'}
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={17}
            required
          />
        )}
      </Field>
      <Field label="Model" error={fieldError('model')}>
        {(a) => (
          <select
            {...a}
            value={values.model}
            disabled={mode === 'edit'}
            onChange={(e) => {
              set('model', e.target.value as VehicleModel);
            }}
          >
            {VEHICLE_MODELS.map((m) => (
              <option key={m} value={m}>
                {VEHICLE_MODEL_LABELS[m]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Name shown to customers" error={fieldError('displayName')}>
        {(a) => (
          <input
            {...a}
            value={values.displayName}
            onChange={(e) => {
              set('displayName', e.target.value);
            }}
            maxLength={80}
            required
          />
        )}
      </Field>
      <Field
        label="Home location"
        error={fieldError('homeLocationId')}
        hint="Where renters collect and return it (Locations)"
      >
        {(a) => (
          <select
            {...a}
            value={values.homeLocationId}
            onChange={(e) => {
              set('homeLocationId', e.target.value);
            }}
          >
            <option value="">Not set</option>
            {homeLocations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-row">
        <Field label="Colour" error={fieldError('color')}>
          {(a) => (
            <input
              {...a}
              value={values.color}
              onChange={(e) => {
                set('color', e.target.value);
              }}
              maxLength={60}
            />
          )}
        </Field>
        <Field label="Model year" error={fieldError('modelYear')}>
          {(a) => (
            <input
              {...a}
              value={values.modelYear}
              onChange={(e) => {
                set('modelYear', e.target.value);
              }}
              inputMode="numeric"
              maxLength={4}
            />
          )}
        </Field>
      </div>
      <Field label="Trim" error={fieldError('trim')}>
        {(a) => (
          <input
            {...a}
            value={values.trim}
            onChange={(e) => {
              set('trim', e.target.value);
            }}
            maxLength={60}
          />
        )}
      </Field>
      <label className="switch">
        <input
          type="checkbox"
          checked={values.inService}
          onChange={(e) => {
            set('inService', e.target.checked);
          }}
        />
        <span>In service (customers can see and book it)</span>
      </label>
      <button className="button button-primary" type="submit" disabled={submitting}>
        {submitting ? 'Saving…' : mode === 'create' ? 'Add vehicle' : 'Save changes'}
      </button>
    </form>
  );
}
