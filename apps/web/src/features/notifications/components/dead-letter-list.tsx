import type { DeadLetterView } from '@cybertacotruck/contracts';
import { ErrorNotice } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { useDiscardDeadLetter } from '../api/discard-dead-letter';
import { useReplayDeadLetter } from '../api/replay-dead-letter';
import { ConfirmAction } from './confirm-action';
import { TonePill } from './tone-pill';

/** The payload as received, indented when it is JSON. */
function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function state(d: DeadLetterView): { label: string; tone: 'warn' | 'ok' | 'muted' } {
  if (d.replayedAt) return { label: 'Replayed', tone: 'ok' };
  if (d.discardedAt) return { label: 'Discarded', tone: 'muted' };
  return { label: 'Open', tone: 'warn' };
}

/** Events parked after their retries: what failed and why, the payload, and replay or discard. */
export function DeadLetterList({ items }: { items: DeadLetterView[] }) {
  const replay = useReplayDeadLetter();
  const discard = useDiscardDeadLetter();
  return (
    <ul className="rows" aria-label="Dead letters">
      {items.map((d) => {
        const s = state(d);
        const open = !d.replayedAt && !d.discardedAt;
        const busy =
          (replay.isPending && replay.variables === d.id) ||
          (discard.isPending && discard.variables === d.id);
        const name = d.type ?? d.topic;
        return (
          <li key={d.id} className="row notification-row dead-letter">
            <div className="row-main">
              <p className="row-title break">
                {name} <TonePill tone={s.tone}>{s.label}</TonePill>
              </p>
              <dl className="dead-letter-facts">
                <div>
                  <dt>Group</dt>
                  <dd>{d.group}</dd>
                </div>
                <div>
                  <dt>Key</dt>
                  <dd className="mono break">{d.key ?? '—'}</dd>
                </div>
                <div>
                  <dt>Attempts</dt>
                  <dd>{d.attempts}</dd>
                </div>
                <div>
                  <dt>Failed at</dt>
                  <dd>{formatDateTime(d.failedAt)}</dd>
                </div>
                {d.replayedAt && (
                  <div>
                    <dt>Replayed</dt>
                    <dd>{formatDateTime(d.replayedAt)}</dd>
                  </div>
                )}
                {d.discardedAt && (
                  <div>
                    <dt>Discarded</dt>
                    <dd>{formatDateTime(d.discardedAt)}</dd>
                  </div>
                )}
              </dl>
              <p className="field-error break">{d.error}</p>
              <details className="payload">
                <summary>Payload</summary>
                <pre>{prettyPayload(d.payload)}</pre>
              </details>
              {replay.isError && replay.variables === d.id && <ErrorNotice error={replay.error} />}
              {discard.isError && discard.variables === d.id && <ErrorNotice error={discard.error} />}
            </div>
            {open && (
              <div className="row-side dead-letter-actions">
                <ConfirmAction
                  label="Replay"
                  question={<>Handle this {name} event again now?</>}
                  confirmLabel="Yes, replay"
                  pendingLabel="Replaying…"
                  pending={busy}
                  onConfirm={() => {
                    replay.mutate(d.id);
                  }}
                />
                <ConfirmAction
                  label="Discard"
                  question={<>Give up on this event? No message will be sent for it.</>}
                  confirmLabel="Yes, discard"
                  pendingLabel="Discarding…"
                  pending={busy}
                  danger
                  onConfirm={() => {
                    discard.mutate(d.id);
                  }}
                />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
