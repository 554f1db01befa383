import { Link, useSearchParams } from 'react-router';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { useRegistration } from '../../features/auth/api/get-registration';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { ApiError } from '../../lib/api-client';
import { RegisterForm } from './register-form';

const DEAD_LINK: Record<string, string> = {
  [ProblemTypes.registrationLinkUnknown]: 'This link is not valid',
  [ProblemTypes.registrationLinkExpired]: 'This link has expired',
  [ProblemTypes.registrationLinkUsed]: 'This link was already used',
  [ProblemTypes.registrationLinkLocked]: 'This link is locked',
};

/** The page the SMS links to (`/register?token=…`): the code from the SMS, then the account. */
export function RegisterPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const info = useRegistration(token);

  if (!token)
    return (
      <EmptyState title="Open the link from your SMS">
        <p className="muted">Registration works from the link we sent to your phone.</p>
      </EmptyState>
    );
  if (info.isPending) return <Loading label="Checking your link…" />;
  if (info.isError) {
    const type = info.error instanceof ApiError ? info.error.type : '';
    return (
      <section className="section narrow" aria-labelledby="register-heading">
        <h1 id="register-heading">{DEAD_LINK[type] ?? 'We could not open this link'}</h1>
        <ErrorNotice error={info.error} />
        <p className="muted">
          Ask the rental team for a new invitation. Already registered? <Link to="/sign-in">Sign in</Link>.
        </p>
      </section>
    );
  }
  return (
    <RegisterForm
      token={token}
      invitedName={info.data.name}
      phoneMasked={info.data.phoneMasked}
      expiresAt={info.data.expiresAt}
    />
  );
}
