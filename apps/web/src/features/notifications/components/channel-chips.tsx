import type { MyNotification } from '@cybertacotruck/contracts';
import { CHANNEL_LABELS, CUSTOMER_STATUS } from './labels';
import { TonePill } from './tone-pill';

/** "E-mail · sent", "SMS · held until quiet hours end": one chip per channel the message went by. */
export function ChannelChips({ channels }: { channels: MyNotification['channels'] }) {
  if (channels.length === 0) return null;
  return (
    <ul className="channel-chips" aria-label="Channels">
      {channels.map((c) => (
        <li key={c.channel}>
          <TonePill tone={CUSTOMER_STATUS[c.status].tone}>
            {CHANNEL_LABELS[c.channel]} · {CUSTOMER_STATUS[c.status].label}
          </TonePill>
        </li>
      ))}
    </ul>
  );
}
