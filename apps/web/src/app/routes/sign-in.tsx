import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSignIn } from '../../features/auth/api/sign-in';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/status';
import { formErrors } from '../../lib/form-errors';

/** Only same-site paths: a `next` pointing elsewhere would make this page an open redirect. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : null);

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [phoneOrEmail, setPhoneOrEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mine, setMine] = useState<{ phoneOrEmail?: string; password?: string }>({});
  const server = formErrors(signIn.error, { phoneOrEmail: 'Phone or e-mail', password: 'Password' });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Both fields' messages at once, before a round trip.
    const found = {
      ...(phoneOrEmail.trim() === '' ? { phoneOrEmail: 'Enter your phone number or e-mail address.' } : {}),
      ...(password === '' ? { password: 'Enter your password.' } : {}),
    };
    setMine(found);
    if (found.phoneOrEmail || found.password) return;
    signIn.mutate(
      { phoneOrEmail: phoneOrEmail.trim(), password },
      {
        onSuccess: (me) => {
          void navigate(
            safeNext(params.get('next')) ?? (me.user.role === 'operator' ? '/operator' : '/browse'),
            {
              replace: true,
            },
          );
        },
      },
    );
  };

  return (
    <section className="section narrow" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      {params.get('role') === 'operator' && (
        <p className="notice">This page is for operators. Sign in with an operator account.</p>
      )}
      <form className="form" onSubmit={submit} noValidate>
        {params.get('reset') === 'done' && !signIn.isError && (
          <p className="notice" role="status">
            Your password is changed. Sign in with the new one.
          </p>
        )}
        {server.notice && <ErrorNotice error={server.notice} />}
        <Field label="Phone or e-mail" error={mine.phoneOrEmail ?? server.fields.phoneOrEmail}>
          {(a) => (
            <input
              {...a}
              value={phoneOrEmail}
              onChange={(e) => {
                setPhoneOrEmail(e.target.value);
              }}
              autoComplete="username"
              inputMode="email"
              required
            />
          )}
        </Field>
        <Field label="Password" error={mine.password ?? server.fields.password}>
          {(a) => (
            <input
              {...a}
              type="password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
              autoComplete="current-password"
              required
            />
          )}
        </Field>
        <button className="button button-primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
      </form>
    </section>
  );
}
