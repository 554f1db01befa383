import { useForm } from 'react-hook-form';
import type { User } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { formErrors } from '../../../lib/form-errors';
import { ACCOUNT_LIMITS, rules, validate } from '../../../lib/form-rules';
import { useUpdateProfile } from '../api/update-profile';

interface ProfileValues {
  name: string;
  email: string;
}

/** Name and e-mail of the signed-in user; an e-mail another account has is said beside the field. */
export function ProfileForm({ user }: { user: User }) {
  const update = useUpdateProfile();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ProfileValues>({ defaultValues: { name: user.name, email: user.email ?? '' } });
  const server = formErrors(update.error, { name: 'Name', email: 'E-mail' });
  const errorOf = (field: keyof ProfileValues) => errors[field]?.message ?? server.fields[field];

  const submit = handleSubmit(async (values) => {
    const email = values.email.trim();
    try {
      const saved = await update.mutateAsync({ name: values.name.trim(), ...(email ? { email } : {}) });
      reset({ name: saved.name, email: saved.email ?? '' });
    } catch {
      // shown from update.error, beside the fields it names
    }
  });

  return (
    <form
      className="form"
      onSubmit={(event) => void submit(event)}
      onChange={() => {
        update.reset();
      }}
      noValidate
      aria-label="Name and e-mail"
    >
      {server.notice && <ErrorNotice error={server.notice} />}
      <Field label="Name" error={errorOf('name')}>
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
            {...register('email', {
              // An operator created without an e-mail may leave it empty; once set it stays set.
              validate: (value) =>
                value.trim() === '' && user.email === null ? true : (rules.email(value) ?? true),
            })}
            type="email"
            autoComplete="email"
            maxLength={ACCOUNT_LIMITS.emailMax}
          />
        )}
      </Field>
      {update.isSuccess && (
        <p className="notice notice-ok" role="status">
          Name and e-mail saved.
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : 'Save name and e-mail'}
      </button>
    </form>
  );
}
