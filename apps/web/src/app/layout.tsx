import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../features/auth/api/me';
import { useSignOut } from '../features/auth/api/sign-out';
import '../features/notifications/notifications.css';

/** One shell for both areas; the operator area gets its own navigation and a badge. */
export function Layout() {
  const { pathname } = useLocation();
  const operator = pathname.startsWith('/operator');
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const customer = !operator && me.data?.user.role === 'customer';
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to={operator ? '/operator' : '/'} className="brand" aria-label="cybertacotruck home">
          <svg viewBox="0 0 64 64" aria-hidden="true" className="brand-mark">
            <path d="M8 42 L24 20 L56 30 L56 42 Z" fill="currentColor" />
            <circle cx="19" cy="44" r="5" fill="#e31937" />
            <circle cx="46" cy="44" r="5" fill="#e31937" />
          </svg>
          <span className={operator ? 'brand-name brand-name-compact' : 'brand-name'}>cybertacotruck</span>
          {operator && <span className="badge">Operator</span>}
        </NavLink>
        <nav aria-label="Main">
          {operator ? (
            <NavLink to="/">Customer site</NavLink>
          ) : (
            <>
              {!customer && (
                <NavLink to="/" end>
                  Fleet
                </NavLink>
              )}
              {me.data?.user.role === 'operator' && <NavLink to="/operator">Operator</NavLink>}
            </>
          )}
          {me.data ? (
            <button
              type="button"
              className="nav-button"
              onClick={() => {
                signOut.mutate(undefined, {
                  onSettled: () => {
                    void navigate('/');
                  },
                });
              }}
            >
              Sign out
            </button>
          ) : (
            <NavLink to="/sign-in">Sign in</NavLink>
          )}
        </nav>
      </header>
      {operator && (
        <nav className="subnav" aria-label="Operator">
          <NavLink to="/operator" end>
            Live
          </NavLink>
          <NavLink to="/operator/reservations">Reservations</NavLink>
          <NavLink to="/operator/vehicles">Vehicles</NavLink>
          <NavLink to="/operator/invitations">Invite</NavLink>
          <NavLink to="/operator/customers">Customers</NavLink>
          <NavLink to="/operator/rates">Rates</NavLink>
          <NavLink to="/operator/tesla">Tesla</NavLink>
          <NavLink to="/operator/costs">Costs</NavLink>
          <NavLink to="/operator/deliveries">Deliveries</NavLink>
          <NavLink to="/operator/alerts">Alerts</NavLink>
          <NavLink to="/operator/dead-letters">Dead letters</NavLink>
          <NavLink to="/operator/dev-inbox">Dev inbox</NavLink>
        </nav>
      )}
      {customer && (
        <nav className="subnav" aria-label="Customer">
          <NavLink to="/browse">Browse</NavLink>
          <NavLink to="/reservations">My reservations</NavLink>
          <NavLink to="/notifications" className="nav-notifications">
            <svg viewBox="0 0 24 24" aria-hidden="true" className="nav-bell">
              <path
                d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16h15.4L18 12.6V9a6 6 0 0 0-6-6Zm-2.4 15a2.4 2.4 0 0 0 4.8 0Z"
                fill="currentColor"
              />
            </svg>
            <span className="nav-notifications-label">Notifications</span>
          </NavLink>
          <NavLink to="/account">Account</NavLink>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>cybertacotruck · Tesla rentals</p>
      </footer>
    </>
  );
}
