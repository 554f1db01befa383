import { Link } from 'react-router';
import { useCustomers } from '../../features/customers/api/list-customers';
import { useVerifications } from '../../features/driver-verification/api/list-verifications';
import { VerificationStatusPill } from '../../features/driver-verification/components/verification-status';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../lib/format';

export function OperatorCustomersPage() {
  const customers = useCustomers();
  // Every licence given (the list holds no row for a customer who gave none).
  const verifications = useVerifications();
  const statusOf = (id: string) =>
    verifications.data?.items.find((v) => v.userId === id)?.status ??
    (verifications.data ? 'none' : undefined);
  return (
    <section className="section narrow-wide" aria-labelledby="customers-heading">
      <div className="section-head">
        <h1 id="customers-heading">Customers</h1>
        {customers.data && <p className="muted">{customers.data.items.length}</p>}
      </div>
      {customers.isPending && <Loading label="Loading customers…" />}
      {customers.isError && <ErrorNotice error={customers.error} />}
      {customers.data?.items.length === 0 && (
        <EmptyState title="No customers yet">
          <Link to="/operator/invitations" className="button button-primary">
            Invite a customer
          </Link>
        </EmptyState>
      )}
      {customers.data && customers.data.items.length > 0 && (
        <ul className="rows" aria-label="Customers">
          {customers.data.items.map((c) => (
            <li key={c.id} className="row">
              <div className="row-main">
                <p className="row-title">{c.name}</p>
                <p className="muted">
                  <a href={`tel:${c.phone}`}>{c.phone}</a>
                  {c.email && (
                    <>
                      {' · '}
                      <a href={`mailto:${c.email}`} className="break">
                        {c.email}
                      </a>
                    </>
                  )}
                </p>
                <p className="muted">Joined {formatDateTime(c.createdAt)}</p>
                {statusOf(c.id) && (
                  <p>
                    <Link to={`/operator/customers/${c.id}/licence`} className="pill-link">
                      <VerificationStatusPill status={statusOf(c.id) ?? 'none'} />
                    </Link>
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
