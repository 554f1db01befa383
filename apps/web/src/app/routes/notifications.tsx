import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useMe } from '../../features/auth/api/me';
import { markSeen, newestNotificationsQuery } from '../../features/notifications/api/unread';
import { useMyNotifications } from '../../features/notifications/api/list-my-notifications';
import { ChannelChips } from '../../features/notifications/components/channel-chips';
import { TEMPLATE_LABELS } from '../../features/notifications/components/labels';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../lib/format';

/** The customer's messages, newest first, and how each went out (by SMS, by e-mail, or held). */
export function NotificationsPage() {
  const list = useMyNotifications();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const me = useMe();
  const queryClient = useQueryClient();
  const userId = me.data?.user.id;
  const newest = items[0]?.createdAt;
  // Opening the list reads what it shows: the bell's badge clears.
  useEffect(() => {
    if (!userId || !newest) return;
    markSeen(userId, newest);
    void queryClient.invalidateQueries({ queryKey: newestNotificationsQuery().queryKey });
  }, [userId, newest, queryClient]);
  return (
    <section className="section narrow-wide" aria-labelledby="notifications-heading">
      <h1 id="notifications-heading">Notifications</h1>
      <p className="muted notifications-intro">
        What we sent you, newest first. <Link to="/account">Choose how we reach you</Link>
      </p>
      {list.isPending && <Loading label="Loading your messages…" />}
      {list.isError && <ErrorNotice error={list.error} />}
      {list.data && items.length === 0 && (
        <EmptyState title="No messages yet">
          <p className="muted">
            Confirmations and reminders for your reservations show up here, and go out by SMS or e-mail as set
            on your account.
          </p>
          <Link to="/account" className="button button-primary">
            Change channels in Account
          </Link>
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="rows" aria-label="Messages">
          {items.map((n) => (
            <li key={n.id} className="row notification-row">
              <div className="row-main">
                <p className="notification-title">{n.subject ?? TEMPLATE_LABELS[n.template]}</p>
                <p className="notification-text">{n.text}</p>
                <p className="muted notification-when">
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </p>
                <ChannelChips channels={n.channels} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button more"
          disabled={list.isFetchingNextPage}
          onClick={() => {
            void list.fetchNextPage();
          }}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
