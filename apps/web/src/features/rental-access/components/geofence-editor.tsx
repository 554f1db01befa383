import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { Geofence, GeofenceScope, GeofenceShape } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useGeofences, useRemoveGeofence, useSaveGeofence } from '../api/geofences';
import { describeShape, parsePoints } from './geofence-points';
import '../rental-access.css';

interface GeofenceValues {
  kind: 'radius' | 'polygon';
  latitude: string;
  longitude: string;
  radiusKm: string;
  points: string;
}

type Centre = { latitude: number; longitude: number };

const numberIn = (min: number, max: number, what: string) => (value: string) => {
  const n = Number(value);
  return (
    (value.trim() !== '' && Number.isFinite(n) && n >= min && n <= max) ||
    `${what}: a number from ${String(min)} to ${String(max)}`
  );
};

const valuesOf = (fence: Geofence | undefined, centre: Centre | null): GeofenceValues => {
  const shape = fence?.shape;
  const c = shape?.kind === 'radius' ? shape.center : centre;
  return {
    kind: shape?.kind ?? 'radius',
    latitude: c ? String(c.latitude) : '',
    longitude: c ? String(c.longitude) : '',
    radiusKm: shape?.kind === 'radius' ? String(shape.radiusKm) : '50',
    points:
      shape?.kind === 'polygon'
        ? shape.points.map((p) => `${String(p.latitude)}, ${String(p.longitude)}`).join('\n')
        : '',
  };
};

const toShape = (v: GeofenceValues): GeofenceShape =>
  v.kind === 'radius'
    ? {
        kind: 'radius',
        center: { latitude: Number(v.latitude), longitude: Number(v.longitude) },
        radiusKm: Number(v.radiusKm),
      }
    : { kind: 'polygon', points: parsePoints(v.points).points };

/**
 * An operator's geofence for a pickup location or one vehicle (a vehicle's own wins over its home
 * location's): a rented car leaving it alerts operators. A circle (centre, from the location when
 * there is one, and a radius in km) or a polygon pasted as one "latitude, longitude" a line. Each
 * field says what is wrong with it, in the browser first and then as the server words it.
 */
export function GeofenceEditor({
  scope,
  id,
  name,
  centre,
}: {
  scope: GeofenceScope;
  id: string;
  name: string;
  /** Where a new circle is centred (the location's position, the vehicle's home). */
  centre: Centre | null;
}) {
  const fences = useGeofences();
  const fence = fences.data?.items.find((f) => f.scope === scope && f.id === id);
  const [editing, setEditing] = useState(false);
  const remove = useRemoveGeofence();
  const headingId = `geofence-${scope}-${id}`;
  return (
    <section className="geofence" aria-labelledby={headingId}>
      <h3 id={headingId} className="geofence-title">
        Geofence<span className="visually-hidden"> of {name}</span>
      </h3>
      {fences.isError && <ErrorNotice error={fences.error} />}
      {!editing && (
        <>
          <p className="muted small">
            {fence
              ? `${describeShape(fence.shape)} · set ${formatDateTime(fence.updatedAt)}`
              : scope === 'vehicle'
                ? 'None of its own: its home location’s applies, if it has one.'
                : 'None: rented cars from here are not watched.'}
          </p>
          {remove.isError && <ErrorNotice error={remove.error} />}
          <div className="button-row">
            <button
              type="button"
              className="button button-small"
              disabled={fences.isPending}
              onClick={() => {
                setEditing(true);
              }}
            >
              {fence ? 'Edit geofence' : 'Set geofence'}
              <span className="visually-hidden"> of {name}</span>
            </button>
            {fence && (
              <button
                type="button"
                className="button button-small"
                disabled={remove.isPending}
                onClick={() => {
                  remove.mutate({ scope, id });
                }}
              >
                Remove geofence<span className="visually-hidden"> of {name}</span>
              </button>
            )}
          </div>
        </>
      )}
      {editing && (
        <GeofenceForm
          scope={scope}
          id={id}
          initial={valuesOf(fence, centre)}
          onDone={() => {
            setEditing(false);
          }}
        />
      )}
    </section>
  );
}

function GeofenceForm({
  scope,
  id,
  initial,
  onDone,
}: {
  scope: GeofenceScope;
  id: string;
  initial: GeofenceValues;
  onDone: () => void;
}) {
  const save = useSaveGeofence();
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm<GeofenceValues>({ defaultValues: initial });
  const kind = useWatch({ control, name: 'kind' });
  const apiError = save.error instanceof ApiError ? save.error : null;
  const server = (field: string) => apiError?.fieldMessage(`shape.${field}`);
  const named = apiError?.fieldErrors.some((e) => e.field.startsWith('shape.')) ?? false;
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) =>
        void handleSubmit((values) => {
          save.mutate({ target: { scope, id }, shape: toShape(values) }, { onSuccess: onDone });
        })(e)
      }
    >
      {save.isError && !named && <ErrorNotice error={save.error} />}
      <fieldset className="segmented">
        <legend>Shape</legend>
        <label className={`chip${kind === 'radius' ? ' chip-on' : ''}`}>
          <input type="radio" value="radius" {...register('kind')} />
          Radius around a point
        </label>
        <label className={`chip${kind === 'polygon' ? ' chip-on' : ''}`}>
          <input type="radio" value="polygon" {...register('kind')} />
          Polygon
        </label>
      </fieldset>
      {kind === 'radius' ? (
        <>
          <div className="form-row">
            <Field
              label="Centre latitude"
              hint="-90 to 90"
              error={errors.latitude?.message ?? server('center.latitude')}
            >
              {(a) => (
                <input
                  {...a}
                  inputMode="decimal"
                  {...register('latitude', { validate: numberIn(-90, 90, 'Latitude') })}
                />
              )}
            </Field>
            <Field
              label="Centre longitude"
              hint="-180 to 180"
              error={errors.longitude?.message ?? server('center.longitude')}
            >
              {(a) => (
                <input
                  {...a}
                  inputMode="decimal"
                  {...register('longitude', { validate: numberIn(-180, 180, 'Longitude') })}
                />
              )}
            </Field>
          </div>
          <Field
            label="Radius (km)"
            hint="More than 0, up to 5000"
            error={errors.radiusKm?.message ?? server('radiusKm')}
          >
            {(a) => (
              <input
                {...a}
                inputMode="decimal"
                {...register('radiusKm', {
                  validate: (v) => {
                    const n = Number(v);
                    return (
                      (v.trim() !== '' && Number.isFinite(n) && n > 0 && n <= 5000) ||
                      'Radius: more than 0 km, up to 5000'
                    );
                  },
                })}
              />
            )}
          </Field>
        </>
      ) : (
        <Field
          label="Corners"
          hint="One “latitude, longitude” a line, 3 to 200 corners; the last joins the first"
          error={errors.points?.message ?? server('points')}
        >
          {(a) => (
            <textarea
              {...a}
              rows={6}
              spellCheck={false}
              {...register('points', { validate: (v) => parsePoints(v).error ?? true })}
            />
          )}
        </Field>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save geofence'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
