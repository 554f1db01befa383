import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { VEHICLE_MODEL_LABELS } from '@cybertacotruck/contracts';
import { useVehicleLive } from '../../features/tesla/api/vehicle-live';
import { Battery } from '../../features/tesla/components/battery';
import { FleetMap } from '../../features/tesla/components/fleet-map';
import { ago, miles, statusOf } from '../../features/tesla/components/live-format';
import { ErrorNotice, Loading, Pill } from '../../components/status';
import { VehicleCommands } from '../../features/vehicle-commands/components/vehicle-commands';
import { VehicleAccessList } from '../../features/rental-access/components/vehicle-access-list';

const time = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

const RANGES = [
  { hours: 6, label: '6 h' },
  { hours: 24, label: '24 h' },
  { hours: 24 * 7, label: '7 days' },
];

export function OperatorLiveVehiclePage() {
  const { id = '' } = useParams();
  const [hours, setHours] = useState(24);
  const detail = useVehicleLive(id, hours);
  if (detail.isPending) return <Loading label="Loading the vehicle…" />;
  if (detail.isError) return <ErrorNotice error={detail.error} />;
  const { vehicle, live, track, trips } = detail.data;
  const status = statusOf(live);
  const position: [number, number] | null =
    live?.latitude != null && live.longitude != null ? [live.latitude, live.longitude] : null;
  const figures: [string, string][] = [
    ['Range', miles(live?.rangeMi ?? null)],
    ['Charging', live?.chargingState ?? '—'],
    ['Charge limit', live?.chargeLimitSoc == null ? '—' : `${Math.round(live.chargeLimitSoc)}%`],
    ['Speed', live?.speedMph == null ? '—' : `${Math.round(live.speedMph)} mph`],
    ['Heading', live?.heading == null ? '—' : `${Math.round(live.heading)}°`],
    ['Doors', live?.locked == null ? '—' : live.locked ? 'Locked' : 'Unlocked'],
    ['Sentry', sentryText(live?.sentryState ?? null, live?.sentryMode ?? null)],
    ['Odometer', live?.odometerMi == null ? '—' : `${Math.round(live.odometerMi).toLocaleString()} mi`],
    ['Software', live?.softwareVersion ?? '—'],
    ['Data from', live ? (live.streaming ? 'Streaming' : 'Polling') : '—'],
  ];
  return (
    <article className="section" aria-labelledby="vehicle-live-heading">
      <Link to="/operator" className="back">
        ← Live fleet
      </Link>
      <div className="section-head">
        <div>
          <p className="eyebrow">{VEHICLE_MODEL_LABELS[vehicle.model]}</p>
          <h1 id="vehicle-live-heading">{vehicle.displayName}</h1>
          <p className="muted mono">{vehicle.vin}</p>
        </div>
        <Pill tone={status.tone}>{status.label}</Pill>
      </div>
      <div className="live-summary">
        <Battery live={live} />
        <span className="muted">Last seen {ago(live?.lastSeenAt ?? null)}</span>
      </div>
      <FleetMap
        label={`Map of ${vehicle.displayName} and its recent trips`}
        points={
          position
            ? [{ id: vehicle.id, label: vehicle.displayName, status: status.key, position, selected: true }]
            : []
        }
        track={track.map((p) => [p.latitude, p.longitude] as [number, number])}
      />
      <fieldset className="segmented">
        <legend>Trips shown</legend>
        {RANGES.map((r) => (
          <label key={r.hours} className={`chip${r.hours === hours ? ' chip-on' : ''}`}>
            <input
              type="radio"
              name="hours"
              checked={r.hours === hours}
              onChange={() => {
                setHours(r.hours);
              }}
            />
            {r.label}
          </label>
        ))}
      </fieldset>
      <h2 className="subheading">Recent trips</h2>
      {trips.length === 0 ? (
        <p className="muted small">No trips in this window.</p>
      ) : (
        <ul className="rows trips" aria-label="Recent trips">
          {trips.map((trip) => (
            <li key={trip.startedAt} className="row trip">
              <span>
                {time.format(new Date(trip.startedAt))} – {clock.format(new Date(trip.endedAt))}
              </span>
              <span className="figure">{trip.distanceMi.toFixed(1)} mi</span>
              {trip.batteryUsed !== null && (
                <span className="figure">{Math.round(trip.batteryUsed)}% battery</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2 className="subheading">Now</h2>
      <dl className="facts" aria-label="Live figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <VehicleAccessList vehicleId={vehicle.id} />
      {vehicle.vin && <VehicleCommands vehicleId={vehicle.id} vehicleName={vehicle.displayName} />}
      <Link to={`/operator/vehicles/${vehicle.id}`} className="button">
        Edit vehicle
      </Link>
    </article>
  );
}

/** Sentry mode in words: its streamed state when known (Panic = the alarm is sounding), else on/off. */
function sentryText(state: string | null, on: boolean | null): string {
  const words: Record<string, string> = {
    off: 'Off',
    idle: 'On, idle',
    armed: 'Armed',
    aware: 'Aware: someone is near',
    panic: 'Alarm sounding (panic)',
    quiet: 'On, quiet',
  };
  if (state) return words[state] ?? state;
  return on == null ? '—' : on ? 'On' : 'Off';
}
