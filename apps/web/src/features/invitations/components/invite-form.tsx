import { useState, type SubmitEvent } from 'react';
import { LANGUAGES, type Language } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { useCreateInvitation } from '../api/create-invitation';

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
};

/**
 * Phone (and a name to greet them by, and the language of the SMS and their account): the
 * customer gets a registration link and code by SMS.
 */
export function InviteForm() {
  const create = useCreateInvitation();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<Language | ''>('');
  const apiError = create.error instanceof ApiError ? create.error : null;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedName = name.trim();
    create.mutate(
      {
        phone: phone.trim(),
        ...(trimmedName ? { name: trimmedName } : {}),
        ...(language ? { language } : {}),
      },
      {
        onSuccess: () => {
          setPhone('');
          setName('');
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Invite a customer">
      {create.isError && <ErrorNotice error={create.error} />}
      {create.data && (
        <div
          className={`notice ${create.data.delivery === 'failed' ? 'notice-error' : 'notice-ok'}`}
          role="status"
        >
          {create.data.delivery !== 'failed' ? (
            <p>
              <strong>Invitation sent</strong> to {create.data.phone} by SMS.
            </p>
          ) : (
            <p>
              <strong>The SMS to {create.data.phone} could not be sent.</strong> Try Resend below.
            </p>
          )}
        </div>
      )}
      <Field
        label="Phone"
        error={apiError?.fieldMessage('phone')}
        hint="With the country code, e.g. +1 202 555 0123"
      >
        {(a) => (
          <input
            {...a}
            type="tel"
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
            }}
            autoComplete="off"
            inputMode="tel"
            maxLength={32}
            required
          />
        )}
      </Field>
      <Field label="Name (optional)" error={apiError?.fieldMessage('name')} hint="Used to greet them">
        {(a) => (
          <input
            {...a}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
            autoComplete="off"
            maxLength={80}
          />
        )}
      </Field>
      <Field
        label="Language (optional)"
        error={apiError?.fieldMessage('language')}
        hint="Of the SMS and their account; unset = the default"
      >
        {(a) => (
          <select
            {...a}
            value={language}
            onChange={(e) => {
              const value = e.target.value;
              setLanguage(LANGUAGES.find((l) => l === value) ?? '');
            }}
          >
            <option value="">Default</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button className="button button-primary" type="submit" disabled={create.isPending}>
        {create.isPending ? 'Sending…' : 'Send invitation'}
      </button>
    </form>
  );
}
