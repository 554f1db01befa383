import type { Invitation, InvitationStatus } from '@cybertacotruck/contracts';
import { ErrorNotice, Pill } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { useResendInvitation } from '../api/resend-invitation';

const STATUS: Record<InvitationStatus, { label: string; tone: 'ok' | 'muted' | 'warn' | 'info' }> = {
  pending: { label: 'Pending', tone: 'info' },
  accepted: { label: 'Registered', tone: 'ok' },
  expired: { label: 'Expired', tone: 'muted' },
  locked: { label: 'Locked', tone: 'warn' },
};

export function InvitationList({ items }: { items: Invitation[] }) {
  const resend = useResendInvitation();
  return (
    <>
      {resend.isError && <ErrorNotice error={resend.error} />}
      <ul className="rows" aria-label="Invitations">
        {items.map((i) => (
          <li key={i.id} className="row">
            <div className="row-main">
              <p className="row-title">{i.name ?? i.phone}</p>
              <p className="muted">
                {i.name ? `${i.phone} · ` : ''}sent {i.sentCount}× · last {formatDateTime(i.lastSentAt)}
              </p>
              <p className="muted">
                {i.acceptedAt
                  ? `Registered ${formatDateTime(i.acceptedAt)}`
                  : `Link valid until ${formatDateTime(i.expiresAt)}`}
              </p>
              {i.delivery === 'failed' && <p className="field-error">The last SMS could not be sent.</p>}
            </div>
            <div className="row-side">
              <Pill tone={STATUS[i.status].tone}>{STATUS[i.status].label}</Pill>
              {i.status !== 'accepted' && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={resend.isPending && resend.variables === i.id}
                  onClick={() => {
                    resend.mutate(i.id);
                  }}
                >
                  {resend.isPending && resend.variables === i.id ? 'Sending…' : 'Resend'}
                  <span className="visually-hidden"> to {i.name ?? i.phone}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
