import { Link } from 'react-router';
import { EmptyState, ErrorNotice, Loading } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { useDisputes } from '../api/rental';

/** Renters' disputes of their receipts, newest first, each linking to its reservation. */
export function DisputesList() {
  const disputes = useDisputes();
  if (disputes.isPending) return <Loading label="Loading the disputes…" />;
  if (disputes.isError) return <ErrorNotice error={disputes.error} />;
  if (disputes.data.items.length === 0) return <EmptyState title="No disputes" />;
  return (
    <ul className="card-list">
      {disputes.data.items.map((d) => (
        <li key={d.id} className="card">
          <div className="card-body">
            <p>
              <Link to={`/operator/reservations/${d.reservationId}`}>{d.vehicleName}</Link>{' '}
              <span className="muted small">{formatDateTime(d.createdAt)}</span>
            </p>
            <p>{d.message}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
