import { useState, type SubmitEvent } from 'react';
import {
  CHANNELS,
  LANGUAGES,
  MESSAGE_KINDS,
  type Channel,
  type Language,
  type MessageKind,
  type Preferences,
} from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { deviceTimeZone, isTimeZone, timeZones } from '../../../lib/time';
import { useUpdatePreferences } from '../api/update-preferences';

const KIND_LABELS: Record<MessageKind, { label: string; hint: string }> = {
  reservation: { label: 'Reservations', hint: 'held, confirmed, cancelled' },
  reminder: { label: 'Reminders', hint: 'before pick-up and return' },
  account: { label: 'Account and security', hint: 'sign-ins, password' },
  marketing: { label: 'Offers and news', hint: 'now and then' },
};
const CHANNEL_LABELS: Record<Channel, string> = { sms: 'SMS', email: 'E-mail' };
const LANGUAGE_LABELS: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
};
const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

/** Which messages come by SMS and by e-mail, when not to send them, and in which zone and language. */
export function PreferencesForm({ initial }: { initial: Preferences }) {
  const update = useUpdatePreferences();
  const [values, setValues] = useState(initial);
  const [quiet, setQuiet] = useState(initial.quietHours ?? DEFAULT_QUIET);
  const [quietOn, setQuietOn] = useState(initial.quietHours !== null);
  const apiError = update.error instanceof ApiError ? update.error : null;
  const device = deviceTimeZone();
  // A zone saved elsewhere that this browser does not list is still shown, not silently replaced.
  const zones = isTimeZone(values.timeZone) ? timeZones() : [values.timeZone, ...timeZones()];

  const toggle = (kind: MessageKind, channel: Channel, on: boolean) => {
    update.reset();
    setValues((v) => ({
      ...v,
      channels: { ...v.channels, [kind]: { ...v.channels[kind], [channel]: on } },
    }));
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({
      channels: values.channels,
      quietHours: quietOn ? quiet : null,
      timeZone: values.timeZone,
      language: values.language,
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="preferences-heading">
      <h2 id="preferences-heading">Notifications</h2>
      <fieldset className="channels">
        <legend className="visually-hidden">Channels per kind of message</legend>
        <div className="channels-row channels-head" aria-hidden="true">
          <span />
          {CHANNELS.map((c) => (
            <span key={c}>{CHANNEL_LABELS[c]}</span>
          ))}
        </div>
        {MESSAGE_KINDS.map((kind) => (
          <div key={kind} className="channels-row">
            <span className="channels-kind">
              {KIND_LABELS[kind].label}
              <span className="muted small"> {KIND_LABELS[kind].hint}</span>
            </span>
            {CHANNELS.map((channel) => (
              <label key={channel} className="channels-switch">
                <input
                  type="checkbox"
                  checked={values.channels[kind][channel]}
                  onChange={(e) => {
                    toggle(kind, channel, e.target.checked);
                  }}
                />
                <span className="visually-hidden">
                  {KIND_LABELS[kind].label} by {CHANNEL_LABELS[channel]}
                </span>
              </label>
            ))}
          </div>
        ))}
      </fieldset>

      <fieldset className="plain-fieldset">
        <legend className="fieldset-title">Quiet hours</legend>
        <label className="switch">
          <input
            type="checkbox"
            checked={quietOn}
            onChange={(e) => {
              update.reset();
              setQuietOn(e.target.checked);
            }}
          />
          <span>No messages at night</span>
        </label>
        {quietOn && (
          <div className="form-row">
            <Field label="From" error={apiError?.fieldMessage('quietHours.start')}>
              {(a) => (
                <input
                  {...a}
                  type="time"
                  value={quiet.start}
                  onChange={(e) => {
                    update.reset();
                    setQuiet((q) => ({ ...q, start: e.target.value }));
                  }}
                />
              )}
            </Field>
            <Field label="Until" error={apiError?.fieldMessage('quietHours.end')}>
              {(a) => (
                <input
                  {...a}
                  type="time"
                  value={quiet.end}
                  onChange={(e) => {
                    update.reset();
                    setQuiet((q) => ({ ...q, end: e.target.value }));
                  }}
                />
              )}
            </Field>
          </div>
        )}
      </fieldset>

      <Field
        label="Time zone"
        error={apiError?.fieldMessage('timeZone')}
        hint={
          values.timeZone === device
            ? 'The same as this device.'
            : `This device is in ${device.replace(/_/g, ' ')}.`
        }
      >
        {(a) => (
          <select
            {...a}
            value={values.timeZone}
            onChange={(e) => {
              update.reset();
              setValues((v) => ({ ...v, timeZone: e.target.value }));
            }}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      {values.timeZone !== device && (
        <button
          type="button"
          className="button button-small button-inline"
          onClick={() => {
            update.reset();
            setValues((v) => ({ ...v, timeZone: device }));
          }}
        >
          Use {device.replace(/_/g, ' ')}
        </button>
      )}

      <Field label="Language" error={apiError?.fieldMessage('language')}>
        {(a) => (
          <select
            {...a}
            value={values.language}
            onChange={(e) => {
              update.reset();
              setValues((v) => ({ ...v, language: e.target.value as Language }));
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_LABELS[l]}
              </option>
            ))}
          </select>
        )}
      </Field>

      {update.isError && <ErrorNotice error={update.error} />}
      {update.isSuccess && (
        <p className="notice notice-ok" role="status">
          Preferences saved.
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save preferences'}
      </button>
    </form>
  );
}
