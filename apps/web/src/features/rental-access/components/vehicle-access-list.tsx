import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { useVehicleAccess } from '../api/rental-access';

const STATE: Record<string, string> = {
  scheduled: 'Invitation scheduled',
  driver_limit: 'Waiting: five drivers',
  invited: 'Invited',
  moving: 'Booking moved: revoking',
  revoking: 'Revoking',
};

/**
 * On a car's page: the renters who have, or are about to get, its Tesla key (accesses not yet
 * ended), each linking to its reservation where the operator can revoke it.
 */
export function VehicleAccessList({ vehicleId }: { vehicleId: string }) {
  const access = useVehicleAccess(vehicleId);
  if (access.isError) return <ErrorNotice error={access.error} />;
  const items = access.data ?? [];
  if (items.length === 0) return null;
  return (
    <>
      <h2 className="subheading">Renters’ keys</h2>
      <ul className="rows" aria-label="Renters’ keys">
        {items.map((a) => (
          <li key={a.reservationId} className="row">
            <div className="row-main">
              <p className="row-title">
                <Link to={`/operator/reservations/${a.reservationId}`}>
                  {formatDateTime(a.from)} → {formatDateTime(a.to)}
                </Link>
              </p>
              <p className="muted">
                {STATE[a.state] ?? a.state}
                {a.invitedAt ? ` ${formatDateTime(a.invitedAt)}` : ` from ${formatDateTime(a.inviteDueAt)}`} ·
                Speed Limit Mode {a.speedLimit === 'on' ? 'on' : a.speedLimit === 'off' ? 'off' : 'changing'}
                {a.attempts > 0 && a.lastError ? ` · failing (${String(a.attempts)}): ${a.lastError}` : ''}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
