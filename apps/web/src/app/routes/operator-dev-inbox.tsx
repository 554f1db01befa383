import { Link } from 'react-router';
import { useDevInbox } from '../../features/invitations/api/dev-inbox';
import { MessageBody } from '../../features/invitations/components/message-body';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';
import { formatDateTime } from '../../lib/format';

/** Development only: the SMS and e-mails the app would have sent, newest first. */
export function OperatorDevInboxPage() {
  const inbox = useDevInbox();
  const items = [...(inbox.data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="section narrow-wide" aria-labelledby="inbox-heading">
      <Link to="/operator/invitations" className="back">
        ← Invitations
      </Link>
      <div className="section-head">
        <h1 id="inbox-heading">Dev inbox</h1>
        <button
          type="button"
          className="button button-small"
          disabled={inbox.isFetching}
          onClick={() => {
            void inbox.refetch();
          }}
        >
          Refresh
        </button>
      </div>
      <p className="muted">No SMS provider is configured, so messages land here instead of on a phone.</p>
      {inbox.isPending && <Loading label="Loading messages…" />}
      {inbox.isError && <ErrorNotice error={inbox.error} />}
      {inbox.data && items.length === 0 && <EmptyState title="No messages yet" />}
      {items.length > 0 && (
        <ul className="rows" aria-label="Messages">
          {items.map((m) => (
            <li key={m.id} className="row message">
              <div className="row-main">
                <p className="row-title">
                  {m.to} <Pill tone="muted">{m.channel === 'sms' ? 'SMS' : 'E-mail'}</Pill>
                </p>
                <p className="muted">{formatDateTime(m.createdAt)}</p>
                <MessageBody text={m.body} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
