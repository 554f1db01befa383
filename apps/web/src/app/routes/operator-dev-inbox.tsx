import { Link, useSearchParams } from 'react-router';
import type { DevMessage } from '@cybertacotruck/contracts';
import { useDevInbox } from '../../features/invitations/api/dev-inbox';
import { MessageBody } from '../../features/invitations/components/message-body';
import { useNotificationDevInbox } from '../../features/notifications/api/notification-dev-inbox';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';
import { ApiError } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import '../../features/notifications/notifications.css';

type Source = 'account' | 'notifications';
const SOURCES: Record<Source, string> = { account: 'Account', notifications: 'Notifications' };
const FILTERS = [
  { key: null, label: 'All' },
  { key: 'account', label: 'Account' },
  { key: 'notifications', label: 'Notifications' },
] as const;

/** A 404 means that service sends for real (a provider is configured): not an error, just no inbox. */
const absent = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * Development only: the SMS and e-mails the app would have sent, newest first — the account
 * service's (invitation links) and the notification service's (confirmations, reminders, alerts)
 * merged into one list by time, each labelled with the service that sent it.
 */
export function OperatorDevInboxPage() {
  const account = useDevInbox();
  const notifications = useNotificationDevInbox();
  const [params] = useSearchParams();
  const fromParam = params.get('from');
  const only: Source | null = fromParam === 'account' || fromParam === 'notifications' ? fromParam : null;

  const tagged: { source: Source; message: DevMessage }[] = [
    ...(account.data?.items ?? []).map((message) => ({ source: 'account' as const, message })),
    ...(notifications.data?.items ?? []).map((message) => ({ source: 'notifications' as const, message })),
  ];
  const items = tagged
    .filter((m) => only === null || m.source === only)
    .sort((a, b) => b.message.createdAt.localeCompare(a.message.createdAt));
  const pending = account.isPending || notifications.isPending;
  const bothAbsent = absent(account.error) && absent(notifications.error);
  const fetching = account.isFetching || notifications.isFetching;

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
          disabled={fetching}
          onClick={() => {
            void account.refetch();
            void notifications.refetch();
          }}
        >
          Refresh
        </button>
      </div>
      <p className="muted">
        No SMS or e-mail provider is configured, so messages land here instead of on a phone or in a mailbox:
        invitation texts from the account service, confirmations, reminders and alerts from the notification
        service.
      </p>
      <nav className="tabs" aria-label="Which service">
        {FILTERS.map((f) => (
          <Link
            key={f.label}
            to={f.key ? `/operator/dev-inbox?from=${f.key}` : '/operator/dev-inbox'}
            className={f.key === only ? 'tab tab-on' : 'tab'}
            aria-current={f.key === only ? 'page' : undefined}
            replace
          >
            {f.label}
          </Link>
        ))}
      </nav>
      {pending && <Loading label="Loading messages…" />}
      {account.isError && !absent(account.error) && <ErrorNotice error={account.error} />}
      {notifications.isError && !absent(notifications.error) && <ErrorNotice error={notifications.error} />}
      {bothAbsent && (
        <EmptyState title="No dev inbox">
          <p className="muted">Providers are configured: messages are really sent.</p>
        </EmptyState>
      )}
      {!pending && !bothAbsent && items.length === 0 && <EmptyState title="No messages yet" />}
      {items.length > 0 && (
        <ul className="rows dev-inbox-rows" aria-label="Messages">
          {items.map(({ source, message: m }) => (
            <li key={`${source}-${m.id}`} className="row message">
              <div className="row-main">
                <p className="row-title break">
                  {m.to} <Pill tone="muted">{m.channel === 'sms' ? 'SMS' : 'E-mail'}</Pill>
                  <Pill tone={source === 'account' ? 'info' : 'ok'}>{SOURCES[source]}</Pill>
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
