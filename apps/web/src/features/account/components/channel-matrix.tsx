import { useFormContext } from 'react-hook-form';
import { CHANNELS, MESSAGE_KINDS, type Channel, type MessageKind } from '@cybertacotruck/contracts';
import type { PreferencesValues } from './preferences-values';

const KIND_LABELS: Record<MessageKind, { label: string; hint: string }> = {
  reservation: { label: 'Reservations', hint: 'held, confirmed, cancelled' },
  reminder: { label: 'Reminders', hint: 'before pick-up and return' },
  account: { label: 'Account and security', hint: 'sign-ins, password' },
  marketing: { label: 'Offers and news', hint: 'now and then' },
};
const CHANNEL_LABELS: Record<Channel, string> = { sms: 'SMS', email: 'E-mail' };

/** One switch per kind of message and channel, each labelled "<kind> by <channel>". */
export function ChannelMatrix() {
  const { register } = useFormContext<PreferencesValues>();
  return (
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
              <input type="checkbox" {...register(`channels.${kind}.${channel}`)} />
              <span className="visually-hidden">
                {KIND_LABELS[kind].label} by {CHANNEL_LABELS[channel]}
              </span>
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
