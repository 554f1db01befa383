import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useConfirmPasswordReset, useRequestPasswordReset } from '../../features/auth/api/password-reset';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/status';
import { formErrors } from '../../lib/form-errors';
import { rules, smsCode } from '../../lib/form-rules';

type Errors = Partial<Record<'phone' | 'code' | 'newPassword', string>>;

/**
 * Forgot password: a code by SMS to the account's phone, then the code and a new password. Every
 * session of the account ends; the customer signs in again with the new password.
 */
export function ForgotPasswordPage() {
  const navigate = useNavigate();
  const request = useRequestPasswordReset();
  const confirm = useConfirmPasswordReset();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [mine, setMine] = useState<Errors>({});
  const sent = request.isSuccess;
  const server = formErrors(sent ? confirm.error : request.error, {
    phone: 'Phone',
    code: 'Code from the SMS',
    newPassword: 'New password',
  });
  const errorOf = (field: keyof Errors) => mine[field] ?? server.fields[field];

  const ask = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = phone.trim() === '' ? { phone: 'Enter the phone number of your account.' } : {};
    setMine(found);
    if (!found.phone) request.mutate({ phone: phone.trim() });
  };
  const reset = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Every field's message at once.
    const found: Errors = {};
    const codeProblem = rules.code(code);
    const passwordProblem = rules.newPassword(newPassword);
    if (codeProblem) found.code = codeProblem;
    if (passwordProblem) found.newPassword = passwordProblem;
    setMine(found);
    if (found.code || found.newPassword) return;
    confirm.mutate(
      { phone: phone.trim(), code: smsCode(code), newPassword },
      {
        onSuccess: () => {
          void navigate('/sign-in?reset=done', { replace: true });
        },
      },
    );
  };

  return (
    <section className="section narrow" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">Reset your password</h1>
      {!sent ? (
        <form className="form" onSubmit={ask} noValidate>
          <p className="muted">We send a code by SMS to the phone of your account.</p>
          {server.notice && <ErrorNotice error={server.notice} />}
          <Field label="Phone" error={errorOf('phone')} hint="With the country code, e.g. +1 202 555 0100">
            {(a) => (
              <input
                {...a}
                type="tel"
                autoComplete="tel"
                value={phone}
                onChange={(e) => {
                  setPhone(e.target.value);
                }}
                required
              />
            )}
          </Field>
          <button className="button button-primary" type="submit" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Send me a code'}
          </button>
        </form>
      ) : (
        <form className="form" onSubmit={reset} noValidate>
          <p className="muted" role="status">
            {request.data.message}
          </p>
          {server.notice && <ErrorNotice error={server.notice} />}
          <Field label="Code from the SMS" error={errorOf('code')} hint="6 digits">
            {(a) => (
              <input
                {...a}
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                }}
                required
              />
            )}
          </Field>
          <Field
            label="New password"
            error={errorOf('newPassword')}
            hint="At least 10 characters, not easy to guess"
          >
            {(a) => (
              <input
                {...a}
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={(e) => {
                  setNewPassword(e.target.value);
                }}
                required
              />
            )}
          </Field>
          <button className="button button-primary" type="submit" disabled={confirm.isPending}>
            {confirm.isPending ? 'Saving…' : 'Set the new password'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              request.reset();
              confirm.reset();
              setMine({});
            }}
          >
            Send another code
          </button>
        </form>
      )}
      <p className="muted small">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
