import { memo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { VEHICLE_MODEL_LABELS, type AvailableVehicle } from '@cybertacotruck/contracts';
import { preferencesQuery } from '../../features/account/api/get-preferences';
import '../../features/reservations/browse.css';
import { ModelFilter } from '../../features/fleet/components/model-filter';
import { useLocations } from '../../features/locations/api/list-locations';
import { PickupLocationLine } from '../../features/locations/components/pickup-location';
import { useAvailability } from '../../features/reservations/api/get-availability';
import { useCreateReservation } from '../../features/reservations/api/create-reservation';
import { usePaymentTiming } from '../../features/reservations/api/payments-config';
import { AvailableVehicleCard } from '../../features/reservations/components/available-vehicle-card';
import { BrowseFilters } from '../../features/reservations/components/browse-filters';
import { PeriodForm } from '../../features/reservations/components/period-form';
import { browseSearch, FILTER_PARAMS } from '../../features/reservations/browse-search';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { ApiError } from '../../lib/api-client';
import { arrange, type BrowseFilters as Filters } from '../../lib/browse-arrange';
import { formatInZone } from '../../lib/format';
import { deviceTimeZone } from '../../lib/time';

/**
 * Customer: pick dates (and a model), see which cars are free, with charge and price; reserve one.
 * The form paints at once, in the device's time zone until the saved preferences answer (the
 * same zone for nearly everyone; when they differ the search is asked again in the saved one).
 */
export function BrowsePage() {
  // Only the zone: the page is not drawn again when the saved preferences arrive with the zone
  // it already uses (nearly always), nor when another preference changes.
  const saved = useQuery({ ...preferencesQuery(), select: (p) => p.timeZone });
  return <Browse timeZone={saved.data ?? deviceTimeZone()} />;
}

const Browse = memo(function Browse({ timeZone }: { timeZone: string }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [now] = useState(() => Date.now());
  // The loader's reading of the URL (app/browse-loader.ts), so its answers are found in the cache. A
  // search made (or linked to): the form folds into a summary that opens it again. One car asked
  // for (`only`, Reserve on its page): only it is shown, with a way back to all.
  const { period, model, searched, sort, filters, only, from, to, ...search } = browseSearch(
    params,
    timeZone,
    now,
  );
  const [editing, setEditing] = useState(false);
  const open = !searched || editing;

  const availability = useAvailability(search.availability);
  const reserve = useCreateReservation();
  // Asked by the loader with the rest (one observer each here, not one per card: every observer
  // is work when the page first mounts). Where each car is collected: the locations list names
  // the cars homed at each. When the deposit is taken.
  const locations = useLocations();
  const pickupOf = (vehicleId: string) => {
    const home = locations.data?.items.find((l) => l.vehicleIds.includes(vehicleId));
    return home ? <PickupLocationLine location={home} /> : null;
  };
  const timing = usePaymentTiming();
  const availabilityError = availability.error instanceof ApiError ? availability.error : null;

  type Next = Partial<Record<'from' | 'to' | 'model' | 'sort' | 'vehicle', string | undefined>> & {
    filters?: Filters;
  };
  const update = (next: Next) => {
    reserve.reset();
    const merged = { ...period, model, sort, vehicle: only ?? undefined, ...next };
    const search = new URLSearchParams();
    search.set('from', merged.from);
    search.set('to', merged.to);
    if (merged.model) search.set('model', merged.model);
    if (merged.vehicle) search.set('vehicle', merged.vehicle);
    if (merged.sort !== 'recommended') search.set('sort', merged.sort);
    const f = next.filters ?? filters;
    for (const key of Object.keys(FILTER_PARAMS) as (keyof Filters)[]) {
      const value = f[key];
      if (value !== undefined) search.set(FILTER_PARAMS[key], String(value));
    }
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

  const found = availability.data?.items ?? [];
  const items = arrange(only ? found.filter((v) => v.id === only) : found, sort, filters);
  const narrowed = found.length > 0 && items.length === 0;
  const currency = found.find((v) => v.price)?.price?.currency ?? 'USD';
  return (
    <section className="section" aria-labelledby="browse-heading">
      <h1 id="browse-heading">Find a car</h1>
      {searched && from && to && (
        <button
          type="button"
          className="search-chip"
          aria-expanded={open}
          aria-controls="search-form"
          onClick={() => {
            setEditing((e) => !e);
          }}
        >
          <span>
            {formatInZone(from, timeZone)} → {formatInZone(to, timeZone)}
            {model ? ` · ${VEHICLE_MODEL_LABELS[model]}` : ''}
          </span>
          <span className="search-chip-action">{open ? 'Close' : 'Change dates'}</span>
        </button>
      )}
      {open && (
        <PeriodForm
          key={`${period.from}|${period.to}|${timeZone}`}
          initial={period}
          timeZone={timeZone}
          now={now}
          model={model}
          serverErrors={{
            from: availabilityError?.fieldMessage('from'),
            to: availabilityError?.fieldMessage('to'),
          }}
          onSubmit={(next) => {
            setEditing(false);
            update(next);
          }}
        />
      )}
      <div className="section-head browse-head">
        <h2>Free for your dates</h2>
        {availability.data && (
          <p className="muted" role="status">
            {items.length} {items.length === 1 ? 'car' : 'cars'}
          </p>
        )}
      </div>
      {!searched && from && to && (
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
      {found.length > 0 && (
        <BrowseFilters
          sort={sort}
          filters={filters}
          currency={currency}
          onChange={(next) => {
            update({ sort: next.sort, filters: next.filters });
          }}
        />
      )}
      {only && (
        <p className="muted small">
          Showing one car.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              update({ vehicle: undefined });
            }}
          >
            Show every car
          </button>
        </p>
      )}
      {reserve.isError && <ErrorNotice error={reserve.error} />}
      {availability.isLoading && <Loading label="Finding free cars…" />}
      {availability.isError && <ErrorNotice error={availability.error} />}
      {availability.data && found.length === 0 && (
        <EmptyState title="No car is free for these dates">
          <p className="muted">Try other dates{model ? ' or another model' : ''}.</p>
        </EmptyState>
      )}
      {narrowed && (
        <EmptyState title="No car matches these filters">
          <p className="muted">{found.length} free for your dates: loosen a filter to see them.</p>
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
              timing={timing}
            />
          ))}
        </ul>
      )}
    </section>
  );
});
