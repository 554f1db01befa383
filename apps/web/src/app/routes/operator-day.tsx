import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { VEHICLE_MODEL_LABELS, type DayMovement } from '@cybertacotruck/contracts';
import { operatorDayKeys, useOperatorDay } from '../../features/fleet/api/operator-day';
import { ErrorNotice, Loading, Pill } from '../../components/status';
import { formatInZone } from '../../lib/format';
import { useLiveStream } from '../../lib/live-stream';
import { deviceTimeZone } from '../../lib/time';

const percent = (share: number) => `${String(Math.round(share * 100))}%`;

function Movement({ m, timeZone, kind }: { m: DayMovement; timeZone: string; kind: 'pickup' | 'return' }) {
  const r = m.readiness;
  return (
    <li className="row day-row">
      <div className="row-main">
        <Link to={`/operator/vehicles/${m.vehicleId}`} className="row-title">
          {m.vehicleName}
        </Link>
        <p className="muted">
          {formatInZone(m.at, timeZone)} · {VEHICLE_MODEL_LABELS[m.model]}
        </p>
      </div>
      {kind === 'pickup' && (
        <div className="live-figures" aria-label={`Readiness of ${m.vehicleName}`}>
          <Pill tone={r.ready ? 'ok' : 'warn'}>{r.ready ? 'Ready' : 'Not ready'}</Pill>
          <Pill tone={r.charged ? 'ok' : 'warn'}>
            Charge {r.chargePercent === null ? 'unknown' : `${String(r.chargePercent)}%`} of {r.targetPercent}
            %
          </Pill>
          <Pill tone={r.online ? 'ok' : 'warn'}>{r.online ? 'Reachable' : 'Offline'}</Pill>
          <Pill tone={r.keyPaired === false ? 'warn' : r.keyPaired ? 'ok' : 'muted'}>
            {r.keyPaired === null ? 'Key not checked' : r.keyPaired ? 'Key paired' : 'No key'}
          </Pill>
        </div>
      )}
    </li>
  );
}

/**
 * The operator's day at a glance: the fleet by status, today's and tomorrow's pickups (with
 * readiness) and returns, and how much of the fleet's time was booked. Vehicle status events
 * (server-sent) make it ask again; it does not poll.
 */
export function OperatorDayPage() {
  const timeZone = deviceTimeZone();
  const day = useOperatorDay(timeZone);
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: operatorDayKeys.day(timeZone) });
  const live = useLiveStream({ onVehicle: refresh, onResync: refresh });
  if (day.isPending) return <Loading label="Loading your day…" />;
  if (day.isError) return <ErrorNotice error={day.error} />;
  const d = day.data;
  const counts = [
    { key: 'available', label: 'Available', value: d.counts.available },
    { key: 'rented', label: 'Rented', value: d.counts.rented },
    { key: 'charging', label: 'Charging', value: d.counts.charging },
    { key: 'offline', label: 'Offline', value: d.counts.offline },
    { key: 'low', label: `Low charge (< ${String(d.lowChargeBelow)}%)`, value: d.counts.lowCharge },
    { key: 'out', label: 'Out of service', value: d.counts.outOfService },
  ];
  return (
    <section className="section" aria-labelledby="day-heading">
      <div className="section-head">
        <h1 id="day-heading">Today</h1>
        <p className="muted small" role="status">
          {live ? 'Live' : 'Connecting…'} · {d.counts.total} vehicles
        </p>
      </div>
      <ul className="stats day-counts" aria-label="Fleet by status">
        {counts.map((c) => (
          <li key={c.key} className={`stat stat-${c.key}`} data-count={c.key}>
            <p className="stat-value">{c.value}</p>
            <p className="stat-label">{c.label}</p>
          </li>
        ))}
      </ul>
      <h2>Utilisation</h2>
      <dl className="stats" aria-label="Utilisation">
        <div className="stat">
          <dt className="stat-label">Last 7 days</dt>
          <dd className="stat-value">{percent(d.utilisation.days7)}</dd>
        </div>
        <div className="stat">
          <dt className="stat-label">Last 30 days</dt>
          <dd className="stat-value">{percent(d.utilisation.days30)}</dd>
        </div>
      </dl>
      {d.days.map((x, i) => {
        const name = i === 0 ? 'Today' : 'Tomorrow';
        return (
          <section key={x.date} aria-labelledby={`day-${String(i)}`} className="day-block">
            <h2 id={`day-${String(i)}`}>
              {name} <span className="muted small">{formatInZone(`${x.date}T12:00:00Z`, 'UTC', 'date')}</span>
            </h2>
            <h3>Pickups</h3>
            {x.pickups.length === 0 ? (
              <p className="muted">No pickups.</p>
            ) : (
              <ul className="rows" aria-label={`${name}'s pickups`}>
                {x.pickups.map((m) => (
                  <Movement key={m.claimId} m={m} timeZone={timeZone} kind="pickup" />
                ))}
              </ul>
            )}
            <h3>Returns</h3>
            {x.returns.length === 0 ? (
              <p className="muted">No returns.</p>
            ) : (
              <ul className="rows" aria-label={`${name}'s returns`}>
                {x.returns.map((m) => (
                  <Movement key={m.claimId} m={m} timeZone={timeZone} kind="return" />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </section>
  );
}
