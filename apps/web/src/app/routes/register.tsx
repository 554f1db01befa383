import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { useRegistration } from '../../features/auth/api/get-registration';
import { useRegister } from '../../features/auth/api/register';
import { useUpdatePreferences } from '../../features/account/api/update-preferences';
import { Field } from '../../components/field';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { ApiError } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { deviceTimeZone } from '../../lib/time';

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

interface RegisterFormProps {
  token: string;
  invitedName: string | null;
  phoneMasked: string;
  expiresAt: string;
}

function RegisterForm({ token, invitedName, phoneMasked, expiresAt }: RegisterFormProps) {
  const navigate = useNavigate();
  const register = useRegister();
  const savePreferences = useUpdatePreferences();
  const [values, setValues] = useState({
    code: '',
    name: invitedName ?? '',
    email: '',
    password: '',
  });
  const timeZone = deviceTimeZone();
  const apiError = register.error instanceof ApiError ? register.error : null;
  const set = (key: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    register.mutate(
      {
        token,
        code: values.code.replace(/\s/g, ''),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
      },
      {
        onSuccess: () => {
          // Rental days and quiet hours are counted in the customer's zone, not the server's UTC.
          savePreferences.mutate(
            { timeZone },
            {
              onSettled: () => {
                void navigate('/browse', { replace: true });
              },
            },
          );
        },
      },
    );
  };

  return (
    <section className="section narrow" aria-labelledby="register-heading">
      <p className="eyebrow">You are invited</p>
      <h1 id="register-heading">{invitedName ? `Welcome, ${invitedName}` : 'Create your account'}</h1>
      <p className="muted">
        Invitation for the phone <strong className="mono">{phoneMasked}</strong>, valid until{' '}
        {formatDateTime(expiresAt)}.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        {register.isError && <ErrorNotice error={register.error} />}
        <Field label="Code from the SMS" error={apiError?.fieldMessage('code')} hint="6 digits">
          {(a) => (
            <input
              {...a}
              value={values.code}
              onChange={(e) => {
                set('code', e.target.value);
              }}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={7}
              required
            />
          )}
        </Field>
        <Field label="Your name" error={apiError?.fieldMessage('name')}>
          {(a) => (
            <input
              {...a}
              value={values.name}
              onChange={(e) => {
                set('name', e.target.value);
              }}
              autoComplete="name"
              maxLength={80}
              required
            />
          )}
        </Field>
        <Field label="E-mail" error={apiError?.fieldMessage('email')}>
          {(a) => (
            <input
              {...a}
              type="email"
              value={values.email}
              onChange={(e) => {
                set('email', e.target.value);
              }}
              autoComplete="email"
              maxLength={254}
              required
            />
          )}
        </Field>
        <Field
          label="Password"
          error={apiError?.fieldMessage('password')}
          hint="At least 10 characters, not easy to guess"
        >
          {(a) => (
            <input
              {...a}
              type="password"
              value={values.password}
              onChange={(e) => {
                set('password', e.target.value);
              }}
              autoComplete="new-password"
              minLength={10}
              required
            />
          )}
        </Field>
        <p className="field-hint">
          Times are shown in {timeZone.replace(/_/g, ' ')}, this device’s time zone; you can change it later
          under Account.
        </p>
        <button
          className="button button-primary"
          type="submit"
          disabled={register.isPending || register.isSuccess}
        >
          {register.isPending || register.isSuccess ? 'Creating your account…' : 'Create account'}
        </button>
        <p className="muted small">
          Already registered? <Link to="/sign-in">Sign in</Link>
        </p>
      </form>
    </section>
  );
}
