import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { useUpdatePreferences } from '../../features/account/api/update-preferences';
import { useRegister } from '../../features/auth/api/register';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/status';
import { formatDateTime } from '../../lib/format';
import { formErrors } from '../../lib/form-errors';
import { ACCOUNT_LIMITS, rules, smsCode, validate } from '../../lib/form-rules';
import { deviceTimeZone } from '../../lib/time';

interface RegisterFormProps {
  token: string;
  invitedName: string | null;
  phoneMasked: string;
  expiresAt: string;
}

interface RegisterValues {
  code: string;
  name: string;
  email: string;
  password: string;
}

/** The account from an invitation: the code from the SMS, name, e-mail and a password. */
export function RegisterForm({ token, invitedName, phoneMasked, expiresAt }: RegisterFormProps) {
  const navigate = useNavigate();
  const signUp = useRegister();
  const savePreferences = useUpdatePreferences();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<RegisterValues>({
    defaultValues: { code: '', name: invitedName ?? '', email: '', password: '' },
  });
  const timeZone = deviceTimeZone();
  // The server's messages beside their fields, all at once (a wrong code with a weak password);
  // the notice only for what no field says.
  const server = formErrors(signUp.error, {
    code: 'Code from the SMS',
    name: 'Your name',
    email: 'E-mail',
    password: 'Password',
  });
  // A message of ours beside the field first; the server's (a wrong code, a weak password) otherwise.
  const errorOf = (field: keyof RegisterValues) => errors[field]?.message ?? server.fields[field];
  const busy = isSubmitting || signUp.isSuccess;

  const submit = handleSubmit(async (values) => {
    try {
      await signUp.mutateAsync({
        token,
        code: smsCode(values.code),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
      });
    } catch {
      return; // shown from signUp.error: the notice and the fields' messages
    }
    // Rental days and quiet hours are counted in the customer's zone, not the server's UTC.
    await savePreferences.mutateAsync({ timeZone }).catch(() => undefined);
    await navigate('/browse', { replace: true });
  });

  return (
    <section className="section narrow" aria-labelledby="register-heading">
      <p className="eyebrow">You are invited</p>
      <h1 id="register-heading">{invitedName ? `Welcome, ${invitedName}` : 'Create your account'}</h1>
      <p className="muted">
        Invitation for the phone <strong className="mono">{phoneMasked}</strong>, valid until{' '}
        {formatDateTime(expiresAt)}.
      </p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {server.notice && <ErrorNotice error={server.notice} />}
        <Field label="Code from the SMS" error={errorOf('code')} hint="6 digits">
          {(a) => (
            <input
              {...a}
              {...register('code', { validate: validate(rules.code) })}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={ACCOUNT_LIMITS.codeDigits + 1}
              required
            />
          )}
        </Field>
        <Field label="Your name" error={errorOf('name')}>
          {(a) => (
            <input
              {...a}
              {...register('name', { validate: validate(rules.personName) })}
              autoComplete="name"
              maxLength={ACCOUNT_LIMITS.personNameMax}
              required
            />
          )}
        </Field>
        <Field label="E-mail" error={errorOf('email')}>
          {(a) => (
            <input
              {...a}
              {...register('email', { validate: validate(rules.email) })}
              type="email"
              autoComplete="email"
              maxLength={ACCOUNT_LIMITS.emailMax}
              required
            />
          )}
        </Field>
        <Field label="Password" error={errorOf('password')} hint="At least 10 characters, not easy to guess">
          {(a) => (
            <input
              {...a}
              {...register('password', { validate: validate(rules.newPassword) })}
              type="password"
              autoComplete="new-password"
              minLength={ACCOUNT_LIMITS.passwordMin}
              required
            />
          )}
        </Field>
        <p className="field-hint">
          Times are shown in {timeZone.replace(/_/g, ' ')}, this device’s time zone; you can change it later
          under Account.
        </p>
        <button className="button button-primary" type="submit" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
        <p className="muted small">
          Already registered? <Link to="/sign-in">Sign in</Link>
        </p>
      </form>
    </section>
  );
}
