import type { Delivery } from '@cybertacotruck/contracts';
import { ErrorNotice } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { useRetryDelivery } from '../api/retry-delivery';
import { ConfirmAction } from './confirm-action';
import { CHANNEL_LABELS, DELIVERY_STATUS, TEMPLATE_LABELS } from './labels';
import { TonePill } from './tone-pill';

/** The delivery log: who, what, by which channel, how it went; failed ones can be sent again. */
export function DeliveryList({ items }: { items: Delivery[] }) {
  const retry = useRetryDelivery();
  return (
    <ul className="rows" aria-label="Deliveries">
      {items.map((d) => {
        const status = DELIVERY_STATUS[d.status];
        const retrying = retry.isPending && retry.variables === d.id;
        const failedHere = retry.isError && retry.variables === d.id;
        return (
          <li key={d.id} className="row notification-row">
            <div className="row-main">
              <p className="row-title break">
                {d.recipient} <TonePill tone="muted">{CHANNEL_LABELS[d.channel]}</TonePill>
              </p>
              <p className="muted">
                {TEMPLATE_LABELS[d.template]}
                {d.subject ? ` · ${d.subject}` : ''}
              </p>
              <p className="muted">
                {d.attempts === 1 ? '1 attempt' : `${String(d.attempts)} attempts`}
                {d.providerMessageId && (
                  <>
                    {' · provider id '}
                    <span className="mono break">{d.providerMessageId}</span>
                  </>
                )}
              </p>
              <p className="muted">
                Created {formatDateTime(d.createdAt)}
                {d.sentAt
                  ? ` · sent ${formatDateTime(d.sentAt)}`
                  : d.status === 'queued' || d.status === 'held'
                    ? ` · not before ${formatDateTime(d.notBefore)}`
                    : ''}
              </p>
              {d.lastError && <p className="field-error break">Last error: {d.lastError}</p>}
              {failedHere && <ErrorNotice error={retry.error} />}
            </div>
            <div className="row-side">
              <TonePill tone={status.tone}>{status.label}</TonePill>
              {d.status === 'failed' && (
                <ConfirmAction
                  label="Retry"
                  question={
                    <>
                      Send this {CHANNEL_LABELS[d.channel]} to <span className="break">{d.recipient}</span>{' '}
                      again?
                    </>
                  }
                  confirmLabel="Yes, retry"
                  pendingLabel="Retrying…"
                  pending={retrying}
                  onConfirm={() => {
                    retry.mutate(d.id);
                  }}
                />
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
