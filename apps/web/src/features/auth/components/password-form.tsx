import { useForm } from 'react-hook-form';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { formErrors } from '../../../lib/form-errors';
import { ACCOUNT_LIMITS, rules, validate } from '../../../lib/form-rules';
import { useChangePassword } from '../api/change-password';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** A new password with the current one; other phones and browsers are signed out, this one stays. */
export function PasswordForm() {
  const change = useChangePassword();
  const {
    register,
    handleSubmit,
    reset,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<PasswordValues>({ defaultValues: { currentPassword: '', newPassword: '', repeat: '' } });
  // A wrong current password and a weak new one are told together, each beside its field.
  const server = formErrors(change.error, {
    currentPassword: 'Current password',
    newPassword: 'New password',
  });
  const errorOf = (field: keyof PasswordValues) =>
    errors[field]?.message ?? (field === 'repeat' ? undefined : server.fields[field]);

  const submit = handleSubmit(async (values) => {
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      reset();
    } catch {
      // shown from change.error, beside the fields it names
    }
  });

  return (
    <form
      className="form"
      onSubmit={(event) => void submit(event)}
      onChange={() => {
        change.reset();
      }}
      noValidate
      aria-labelledby="password-heading"
    >
      <h2 id="password-heading">Password</h2>
      {server.notice && <ErrorNotice error={server.notice} />}
      <Field label="Current password" error={errorOf('currentPassword')}>
        {(a) => (
          <input
            {...a}
            {...register('currentPassword', {
              validate: (value) => (value === '' ? 'Enter your current password.' : true),
            })}
            type="password"
            autoComplete="current-password"
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
            {...register('newPassword', { validate: validate(rules.newPassword) })}
            type="password"
            autoComplete="new-password"
            minLength={ACCOUNT_LIMITS.passwordMin}
            required
          />
        )}
      </Field>
      <Field label="New password again" error={errorOf('repeat')}>
        {(a) => (
          <input
            {...a}
            {...register('repeat', {
              validate: (value) =>
                value === getValues('newPassword') ? true : 'Type the same new password again.',
            })}
            type="password"
            autoComplete="new-password"
            required
          />
        )}
      </Field>
      {change.isSuccess && (
        <p className="notice notice-ok" role="status">
          {change.data.message}
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
