import { useSearchParams } from 'react-router';
import { DRIVER_VERIFICATION_STATUSES, type DriverVerificationStatus } from '@cybertacotruck/contracts';
import { useVerifications } from '../../features/driver-verification/api/list-verifications';
import { VerificationReview } from '../../features/driver-verification/components/verification-review';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

const FILTERS: { status: DriverVerificationStatus; label: string }[] = [
  { status: 'pending', label: 'To check' },
  { status: 'approved', label: 'Approved' },
  { status: 'rejected', label: 'Rejected' },
  { status: 'expired', label: 'Expired' },
];

const isStatus = (value: string | null): value is DriverVerificationStatus =>
  (DRIVER_VERIFICATION_STATUSES as readonly string[]).includes(value ?? '');

/** The operator's queue of driver's licences: those waiting first, each with its photos. */
export function OperatorVerificationsPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const status: DriverVerificationStatus = isStatus(requested) ? requested : 'pending';
  const verifications = useVerifications(status);
  return (
    <section className="section narrow-wide" aria-labelledby="verifications-heading">
      <div className="section-head">
        <h1 id="verifications-heading">Driver’s licences</h1>
        {verifications.data && <p className="muted">{verifications.data.items.length}</p>}
      </div>
      <div className="button-row" role="group" aria-label="Show">
        {FILTERS.map((f) => (
          <button
            key={f.status}
            type="button"
            className={f.status === status ? 'button button-primary' : 'button'}
            aria-pressed={f.status === status}
            onClick={() => {
              setParams({ status: f.status });
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      {verifications.isPending && <Loading label="Loading licences…" />}
      {verifications.isError && <ErrorNotice error={verifications.error} />}
      {verifications.data?.items.length === 0 && (
        <EmptyState title={status === 'pending' ? 'No licence is waiting for a check' : 'None'} />
      )}
      {verifications.data?.items.map((v) => (
        <VerificationReview key={v.userId} verification={v} />
      ))}
    </section>
  );
}
