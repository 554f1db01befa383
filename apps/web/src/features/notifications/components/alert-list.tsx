import { Link } from 'react-router';
import type { OperatorAlert } from '@cybertacotruck/contracts';
import { formatDateTime } from '../../../lib/format';
import { ALERT_LABELS } from './labels';
import { TonePill } from './tone-pill';

/** Which car, which rental, when: what the operator was told (by SMS and e-mail) to look at. */
export function AlertList({ items }: { items: OperatorAlert[] }) {
  return (
    <ul className="rows" aria-label="Alerts">
      {items.map((a) => (
        <li key={a.id} className="row notification-row">
          <div className="row-main">
            <p className="row-title">
              <Link to={`/operator/live/${a.vehicleId}`}>{a.vehicleName}</Link>
            </p>
            <p className="muted">
              {ALERT_LABELS[a.reason].label} {ALERT_LABELS[a.reason].hint}
              {a.batteryLevel !== null ? ` · battery ${String(a.batteryLevel)}%` : ''}
            </p>
            <p className="muted">
              Reservation <span className="mono">{a.reservationId.slice(0, 8)}</span>:{' '}
              {formatDateTime(a.pickupAt)} → {formatDateTime(a.returnAt)}
            </p>
            <p className="muted">Raised {formatDateTime(a.createdAt)}</p>
          </div>
          <div className="row-side">
            <TonePill tone={a.reason === 'low_charge' ? 'warn' : 'error'}>
              {ALERT_LABELS[a.reason].label}
            </TonePill>
          </div>
        </li>
      ))}
    </ul>
  );
}
