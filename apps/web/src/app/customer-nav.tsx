import { useQuery } from '@tanstack/react-query';
import { Link, matchPath, useLocation } from 'react-router';
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
      <Link to="/notifications" {...props('notifications', 'nav-notifications')}>
        <svg viewBox="0 0 24 24" aria-hidden="true" className="nav-bell">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16h15.4L18 12.6V9a6 6 0 0 0-6-6Zm-2.4 15a2.4 2.4 0 0 0 4.8 0Z"
            fill="currentColor"
          />
        </svg>
        <span className="nav-notifications-label">Notifications</span>
      </Link>
      <Link to="/account" {...props('account')}>
        Account
      </Link>
    </nav>
  );
}
