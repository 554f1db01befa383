import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { VEHICLE_MODEL_LABELS, type LiveFleet, type LiveVehicle } from '@cybertacotruck/contracts';
import { ReadNow } from '../../features/fleet/components/read-now';
import { patchLiveFleet, useLiveFleet } from '../../features/tesla/api/live-fleet';
import { teslaKeys } from '../../features/tesla/api/keys';
import { useLiveStream } from '../../lib/live-stream';
import { Battery } from '../../features/tesla/components/battery';
import { LockIcon } from '../../features/tesla/components/icons';
import { FleetMap, type MapPoint } from '../../features/tesla/components/fleet-map';
import { ago, miles, statusOf } from '../../features/tesla/components/live-format';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';

const FILTERS = [
  { key: 'all', label: 'All' },
  { key: 'driving', label: 'Driving' },
  { key: 'charging', label: 'Charging' },
  { key: 'parked', label: 'Parked' },
  { key: 'asleep', label: 'Asleep' },
  { key: 'offline', label: 'Offline' },
  { key: 'low', label: 'Battery < 30%' },
] as const;
type FilterKey = (typeof FILTERS)[number]['key'];

const matches = (item: LiveVehicle, filter: FilterKey, search: string) => {
  const text =
    `${item.vehicle.displayName} ${item.vehicle.vin} ${VEHICLE_MODEL_LABELS[item.vehicle.model]}`.toLowerCase();
  if (search && !text.includes(search.toLowerCase())) return false;
  if (filter === 'all') return true;
  if (filter === 'low') return (item.live?.batteryLevel ?? 100) < 30;
  return statusOf(item.live).key === filter;
};

export function OperatorLivePage() {
  const queryClient = useQueryClient();
  const streaming = useLiveStream({
    onVehicle: (status) => {
      queryClient.setQueryData(teslaKeys.liveFleet, (fleet: LiveFleet | undefined) =>
        patchLiveFleet(fleet, status),
      );
    },
    onResync: () => void queryClient.invalidateQueries({ queryKey: teslaKeys.liveFleet }),
  });
  const fleet = useLiveFleet(streaming);
  const navigate = useNavigate();
  const [filter, setFilter] = useState<FilterKey>('all');
  const [search, setSearch] = useState('');
  const items = useMemo(
    () => (fleet.data?.items ?? []).filter((i) => matches(i, filter, search)),
    [fleet.data, filter, search],
  );
  const points: MapPoint[] = items.flatMap((i) =>
    i.live?.latitude != null && i.live.longitude != null
      ? [
          {
            id: i.vehicle.id,
            label: `${i.vehicle.displayName} · ${statusOf(i.live).label}`,
            status: statusOf(i.live).key,
            position: [i.live.latitude, i.live.longitude] as [number, number],
          },
        ]
      : [],
  );

  return (
    <section className="section" aria-labelledby="live-heading">
      <div className="section-head">
        <h1 id="live-heading">Live fleet</h1>
        {fleet.data && <p className="muted">{streaming ? 'Live' : `Updated ${ago(fleet.data.asOf)}`}</p>}
      </div>
      {fleet.isPending && <Loading label="Loading the fleet…" />}
      {fleet.isError && <ErrorNotice error={fleet.error} />}
      {fleet.data?.items.length === 0 && (
        <EmptyState title="No vehicles yet">
          <p className="muted">Connect a Tesla account to import your vehicles, or add one by hand.</p>
          <Link to="/operator/tesla" className="button button-primary">
            Connect Tesla
          </Link>
        </EmptyState>
      )}
      {fleet.data && fleet.data.items.length > 0 && (
        <>
          <FleetMap
            points={points}
            label="Map of the fleet"
            onSelect={(id) => {
              void navigate(`/operator/live/${id}`);
            }}
          />
          <div className="toolbar">
            <label className="search">
              <span className="visually-hidden">Search vehicles</span>
              <input
                type="search"
                placeholder="Search name, VIN, model"
                value={search}
                onChange={(e) => {
                  setSearch(e.target.value);
                }}
              />
            </label>
            <label className="inline-select">
              <span>Show</span>
              <select
                value={filter}
                onChange={(e) => {
                  setFilter(e.target.value as FilterKey);
                }}
              >
                {FILTERS.map((f) => (
                  <option key={f.key} value={f.key}>
                    {f.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="muted small" role="status">
            {items.length} of {fleet.data.items.length} vehicles
          </p>
          <ul className="rows live-rows" aria-label="Live vehicles">
            {items.map((item) => {
              const status = statusOf(item.live);
              return (
                <li key={item.vehicle.id} className="row live-row" data-vin={item.vehicle.vin}>
                  <div className="row-main">
                    <Link to={`/operator/live/${item.vehicle.id}`} className="row-title">
                      {item.vehicle.displayName}
                    </Link>
                    <p className="muted">
                      {VEHICLE_MODEL_LABELS[item.vehicle.model]} · seen {ago(item.live?.lastSeenAt ?? null)}
                    </p>
                  </div>
                  <div className="live-figures">
                    <Pill tone={status.tone}>{status.label}</Pill>
                    {item.live?.batteryLevel == null ? (
                      item.readNow ? (
                        <ReadNow
                          vehicleId={item.vehicle.id}
                          vehicleName={item.vehicle.displayName}
                          estimateUsd={item.readNow.estimateUsd}
                          asleep={item.live?.connectivity === 'asleep'}
                          onRead={() => fleet.refetch()}
                        />
                      ) : (
                        <span className="muted small">No battery reading yet</span>
                      )
                    ) : (
                      <>
                        <Battery live={item.live} />
                        <span className="figure" title="Range">
                          {miles(item.live.rangeMi)}
                        </span>
                        {item.live.locked !== null && (
                          <span className="figure">
                            <LockIcon open={!item.live.locked} /> {item.live.locked ? 'Locked' : 'Unlocked'}
                          </span>
                        )}
                      </>
                    )}
                    {!item.vehicle.inService && <Pill tone="warn">Out of service</Pill>}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
