import { useState, type SubmitEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useSignIn } from '../../features/auth/api/sign-in';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/status';
import { ApiError } from '../../lib/api-client';

/** Only same-site paths: a `next` pointing elsewhere would make this page an open redirect. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : null);

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [phoneOrEmail, setPhoneOrEmail] = useState('');
  const [password, setPassword] = useState('');
  const apiError = signIn.error instanceof ApiError ? signIn.error : null;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
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
        {signIn.isError && <ErrorNotice error={signIn.error} />}
        <Field label="Phone or e-mail" error={apiError?.fieldMessage('phoneOrEmail')}>
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
        <Field label="Password" error={apiError?.fieldMessage('password')}>
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
      </form>
    </section>
  );
}
