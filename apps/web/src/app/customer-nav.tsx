import { useQuery } from '@tanstack/react-query';
import { Link, matchPath, useLocation } from 'react-router';
import { useMe } from '../features/auth/api/me';
import { useUnreadNotifications } from '../features/notifications/api/unread';
import { reservationQuery } from '../features/reservations/api/get-reservation';

type TabId = 'browse' | 'reservations' | 'notifications' | 'account';

/**
 * The current tab. A held reservation is the booking's review step, reached from Browse, so
 * Browse stays current there (and on the confirmation that follows); any other reservation
 * belongs to My reservations.
 */
function useCurrentTab(pathname: string): TabId | null {
  const reservationId = matchPath('/reservations/:id', pathname)?.params.id;
  const reservation = useQuery({
    ...reservationQuery(reservationId ?? ''),
    enabled: reservationId !== undefined,
  });
  if (pathname.startsWith('/browse')) return 'browse';
  if (matchPath('/reservations/:id/confirmed', pathname)) return 'browse';
  if (reservationId !== undefined) return reservation.data?.status === 'held' ? 'browse' : 'reservations';
  if (pathname.startsWith('/reservations')) return 'reservations';
  if (pathname.startsWith('/notifications')) return 'notifications';
  if (pathname.startsWith('/account')) return 'account';
  return null;
}

export function CustomerNav() {
  const { pathname } = useLocation();
  const tab = useCurrentTab(pathname);
  const me = useMe();
  const unread = useUnreadNotifications(me.data?.user.id);
  const unreadText = `${String(unread.count)}${unread.more ? '+' : ''}`;
  const props = (id: TabId, className?: string) => ({
    className: [className, tab === id ? 'active' : undefined].filter(Boolean).join(' ') || undefined,
    'aria-current': tab === id ? ('page' as const) : undefined,
  });
  return (
    <nav className="subnav" aria-label="Customer">
      <Link to="/browse" {...props('browse')}>
        Browse
      </Link>
      <Link to="/reservations" {...props('reservations')}>
        My reservations
      </Link>
      <Link
        to="/notifications"
        {...props('notifications', 'nav-notifications')}
        // The name stays "Notifications"; the count is its description.
        aria-describedby={unread.count > 0 ? 'nav-unread' : undefined}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" className="nav-bell">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16h15.4L18 12.6V9a6 6 0 0 0-6-6Zm-2.4 15a2.4 2.4 0 0 0 4.8 0Z"
            fill="currentColor"
          />
        </svg>
        <span className="nav-notifications-label">Notifications</span>
        {unread.count > 0 && (
          <>
            <span className="nav-badge" aria-hidden="true">
              {unreadText}
            </span>
            <span id="nav-unread" className="visually-hidden">
              {unreadText} unread
            </span>
          </>
        )}
      </Link>
      <Link to="/account" {...props('account')}>
        Account
      </Link>
    </nav>
  );
}
