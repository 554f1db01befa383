import { Link, useParams } from 'react-router';
import { useCustomerVerification } from '../../features/driver-verification/api/get-customer-verification';
import { VerificationReview } from '../../features/driver-verification/components/verification-review';
import { ErrorNotice, Loading } from '../../components/status';

/** One customer's driver's licence, for the operator (from the customer list or a reservation). */
export function OperatorCustomerLicencePage() {
  const { id } = useParams();
  const verification = useCustomerVerification(id);
  return (
    <section className="section narrow-wide" aria-labelledby="customer-licence-heading">
      <p className="eyebrow">
        <Link to="/operator/customers">Customers</Link>
      </p>
      <h1 id="customer-licence-heading">{verification.data?.customer?.name ?? 'Customer'}</h1>
      {verification.isPending && <Loading label="Loading the licence…" />}
      {verification.isError && <ErrorNotice error={verification.error} />}
      {verification.data && <VerificationReview verification={verification.data} />}
    </section>
  );
}
