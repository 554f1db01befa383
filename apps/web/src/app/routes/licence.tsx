import { Link } from 'react-router';
import { useMyVerification } from '../../features/driver-verification/api/get-my-verification';
import { LicenceForm } from '../../features/driver-verification/components/licence-form';
import { ErrorNotice, Loading } from '../../components/status';

/** The renter's driver's licence: needed before their first confirmation. */
export function LicencePage() {
  const verification = useMyVerification();
  return (
    <section className="section narrow" aria-labelledby="licence-heading">
      <p className="eyebrow">
        <Link to="/account">Account</Link>
      </p>
      <h1 id="licence-heading">Driver’s licence</h1>
      {verification.isPending && <Loading label="Loading your licence…" />}
      {verification.isError && <ErrorNotice error={verification.error} />}
      {verification.data && <LicenceForm verification={verification.data} />}
    </section>
  );
}
