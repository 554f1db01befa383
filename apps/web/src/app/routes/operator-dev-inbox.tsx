import { Link, useSearchParams } from 'react-router';
import { MessageBody } from '../../features/invitations/components/message-body';
import { useNotificationDevInbox } from '../../features/notifications/api/notification-dev-inbox';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';
import { ApiError } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import '../../features/notifications/notifications.css';

type Channel = 'sms' | 'email';
const FILTERS = [
  { key: null, label: 'All' },
  { key: 'sms', label: 'SMS' },
  { key: 'email', label: 'E-mail' },
] as const;

/** A 404 means the notification service sends for real (providers are configured): no inbox. */
const absent = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * Development only: the SMS and e-mails the app would have sent, newest first. Every message goes
 * out through the notification service — invitation links and reset codes as well as
 * confirmations, reminders and alerts — so its dev inbox holds them all.
 */
export function OperatorDevInboxPage() {
  const inbox = useNotificationDevInbox();
  const [params] = useSearchParams();
  const channelParam = params.get('channel');
  const only: Channel | null = channelParam === 'sms' || channelParam === 'email' ? channelParam : null;
  const items = (inbox.data?.items ?? [])
    .filter((m) => only === null || m.channel === only)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));

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
      <p className="muted">
        No SMS or e-mail provider is configured, so messages land here instead of on a phone or in a mailbox:
        invitation links, reset codes, confirmations, reminders and alerts.
      </p>
      <nav className="tabs" aria-label="Which channel">
        {FILTERS.map((f) => (
          <Link
            key={f.label}
            to={f.key ? `/operator/dev-inbox?channel=${f.key}` : '/operator/dev-inbox'}
            className={f.key === only ? 'tab tab-on' : 'tab'}
            aria-current={f.key === only ? 'page' : undefined}
            replace
          >
            {f.label}
          </Link>
        ))}
      </nav>
      {inbox.isPending && <Loading label="Loading messages…" />}
      {inbox.isError && !absent(inbox.error) && <ErrorNotice error={inbox.error} />}
      {absent(inbox.error) && (
        <EmptyState title="No dev inbox">
          <p className="muted">Providers are configured: messages are really sent.</p>
        </EmptyState>
      )}
      {inbox.isSuccess && items.length === 0 && <EmptyState title="No messages yet" />}
      {items.length > 0 && (
        <ul className="rows dev-inbox-rows" aria-label="Messages">
          {items.map((m) => (
            <li key={m.id} className="row message">
              <div className="row-main">
                <p className="row-title break">
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
