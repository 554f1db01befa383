import { Link, useLocation } from 'react-router';

interface Tab {
  to: string;
  label: string;
  /** Paths that make this tab the current one, besides `to` and what lies under it. */
  also?: RegExp;
}

/**
 * Fourteen pages in four groups (one, the operator's own account, outside the operator area): a
 * phone shows the groups as one row and the current group's pages as a second row, so no tab
 * hides off-screen; a desktop shows the same two rows.
 */
const GROUPS: { label: string; tabs: Tab[] }[] = [
  {
    label: 'Fleet',
    tabs: [
      { to: '/operator/today', label: 'Today' },
      { to: '/operator', label: 'Live', also: /^\/operator\/live\// },
      { to: '/operator/vehicles', label: 'Vehicles' },
      { to: '/operator/locations', label: 'Locations' },
      { to: '/operator/tesla', label: 'Tesla' },
      { to: '/operator/costs', label: 'Costs' },
    ],
  },
  {
    label: 'Bookings',
    tabs: [
      { to: '/operator/reservations', label: 'Reservations' },
      { to: '/operator/business', label: 'Business' },
      { to: '/operator/rates', label: 'Rates' },
      { to: '/operator/disputes', label: 'Disputes' },
    ],
  },
  {
    label: 'People',
    tabs: [
      { to: '/operator/invitations', label: 'Invite' },
      { to: '/operator/customers', label: 'Customers' },
      { to: '/operator/verifications', label: 'Licences' },
      // The operator's own name, phone and password (the customer area's Account page).
      { to: '/account', label: 'My account' },
    ],
  },
  {
    label: 'Messages',
    tabs: [
      { to: '/operator/deliveries', label: 'Deliveries' },
      { to: '/operator/alerts', label: 'Alerts' },
      { to: '/operator/dead-letters', label: 'Dead letters' },
      { to: '/operator/dev-inbox', label: 'Dev inbox' },
    ],
  },
];

const isCurrent = (tab: Tab, pathname: string) =>
  tab.to === '/operator'
    ? pathname === '/operator' || pathname === '/operator/' || (tab.also?.test(pathname) ?? false)
    : pathname === tab.to || pathname.startsWith(`${tab.to}/`) || (tab.also?.test(pathname) ?? false);

export function OperatorNav() {
  const { pathname } = useLocation();
  const group = GROUPS.find((g) => g.tabs.some((t) => isCurrent(t, pathname))) ?? GROUPS[0];
  return (
    <nav className="subnav subnav-operator" aria-label="Operator">
      <ul className="subnav-groups" aria-label="Groups">
        {GROUPS.map((g) => {
          const current = g === group;
          const first = g.tabs[0];
          if (!first) return null;
          return (
            <li key={g.label}>
              <Link to={first.to} className={current ? 'active' : undefined}>
                {g.label}
              </Link>
            </li>
          );
        })}
      </ul>
      {/* The lists are named apart from any list on a page (the dev inbox has its own "Messages"). */}
      {group && (
        <ul className="subnav-pages" aria-label="Pages">
          {group.tabs.map((tab) => {
            const current = isCurrent(tab, pathname);
            return (
              <li key={tab.to}>
                <Link
                  to={tab.to}
                  className={current ? 'active' : undefined}
                  aria-current={current ? 'page' : undefined}
                >
                  {tab.label}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
