import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { VEHICLE_MODELS, type AvailableVehicle, type VehicleModel } from '@cybertacotruck/contracts';
import { usePreferences } from '../../features/account/api/get-preferences';
import { ModelFilter } from '../../features/fleet/components/model-filter';
import { useLocations } from '../../features/locations/api/list-locations';
import { PickupLocationLine } from '../../features/locations/components/pickup-location';
import { useAvailability } from '../../features/reservations/api/get-availability';
import { useCreateReservation } from '../../features/reservations/api/create-reservation';
import { AvailableVehicleCard } from '../../features/reservations/components/available-vehicle-card';
import { PeriodForm, type LocalPeriod } from '../../features/reservations/components/period-form';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { ApiError } from '../../lib/api-client';
import { formatInZone } from '../../lib/format';
import { defaultRentalPeriod, deviceTimeZone, zonedToInstant } from '../../lib/time';

const isModel = (value: string | null): value is VehicleModel => VEHICLE_MODELS.some((m) => m === value);

/**
 * Customer: pick dates (and a model), see which cars are free, with charge and price; reserve one.
 * The form paints at once, in the device's time zone until the saved preferences answer (the
 * same zone for nearly everyone; when they differ the search is asked again in the saved one).
 */
export function BrowsePage() {
  const preferences = usePreferences();
  return <Browse timeZone={preferences.data?.timeZone ?? deviceTimeZone()} />;
}

function Browse({ timeZone }: { timeZone: string }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [now] = useState(() => Date.now());
  const fallback = defaultRentalPeriod(new Date(now), timeZone);
  const period: LocalPeriod = {
    from: params.get('from') ?? fallback.from,
    to: params.get('to') ?? fallback.to,
  };
  const modelParam = params.get('model');
  const model = isModel(modelParam) ? modelParam : undefined;
  const from = zonedToInstant(period.from, timeZone)?.toISOString();
  const to = zonedToInstant(period.to, timeZone)?.toISOString();

  const availability = useAvailability(
    from && to && from < to ? { from, to, timeZone, limit: 50, ...(model ? { model } : {}) } : null,
  );
  const reserve = useCreateReservation();
  // Where each car is collected: the locations list names the cars homed at each (one request).
  const locations = useLocations();
  const pickupOf = (vehicleId: string) => {
    const home = locations.data?.items.find((l) => l.vehicleIds.includes(vehicleId));
    return home ? <PickupLocationLine location={home} /> : null;
  };
  const availabilityError = availability.error instanceof ApiError ? availability.error : null;

  const update = (next: Partial<Record<'from' | 'to' | 'model', string | undefined>>) => {
    reserve.reset();
    const merged = { ...period, model, ...next };
    const search = new URLSearchParams();
    search.set('from', merged.from);
    search.set('to', merged.to);
    if (merged.model) search.set('model', merged.model);
    setParams(search, { replace: true });
  };

  const onReserve = (vehicle: AvailableVehicle) => {
    if (!from || !to) return;
    reserve.mutate(
      { vehicleId: vehicle.id, from, to, timeZone },
      {
        onSuccess: (reservation) => {
          void navigate(`/reservations/${reservation.id}`);
        },
        onError: () => {
          // Someone may have taken it meanwhile: show what is still free.
          void availability.refetch();
        },
      },
    );
  };

  const items = availability.data?.items ?? [];
  return (
    <section className="section" aria-labelledby="browse-heading">
      <h1 id="browse-heading">Find a car</h1>
      <PeriodForm
        key={`${period.from}|${period.to}|${timeZone}`}
        initial={period}
        timeZone={timeZone}
        now={now}
        serverErrors={{
          from: availabilityError?.fieldMessage('from'),
          to: availabilityError?.fieldMessage('to'),
        }}
        onSubmit={(next) => {
          update(next);
        }}
      />
      <div className="section-head browse-head">
        <h2>Free for your dates</h2>
        {availability.data && (
          <p className="muted" role="status">
            {items.length} {items.length === 1 ? 'car' : 'cars'}
          </p>
        )}
      </div>
      {from && to && (
        <p className="muted small">
          {formatInZone(from, timeZone)} → {formatInZone(to, timeZone)}
        </p>
      )}
      <ModelFilter
        value={model}
        onChange={(m) => {
          update({ model: m });
        }}
      />
      {reserve.isError && <ErrorNotice error={reserve.error} />}
      {availability.isLoading && <Loading label="Finding free cars…" />}
      {availability.isError && <ErrorNotice error={availability.error} />}
      {availability.data && items.length === 0 && (
        <EmptyState title="No car is free for these dates">
          <p className="muted">Try other dates{model ? ' or another model' : ''}.</p>
        </EmptyState>
      )}
      {from && to && items.length > 0 && (
        <ul className="grid" aria-label="Available cars">
          {items.map((v) => (
            <AvailableVehicleCard
              key={v.id}
              vehicle={v}
              priced={availability.data?.priced ?? false}
              reserving={reserve.isPending && reserve.variables.vehicleId === v.id}
              disabled={reserve.isPending}
              onReserve={onReserve}
              pickup={pickupOf(v.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
