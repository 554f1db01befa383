import { useEffect } from 'react';
import {
  NavLink,
  Outlet,
  ScrollRestoration,
  useLocation,
  useMatches,
  useNavigate,
  useNavigation,
} from 'react-router';
import { useMe } from '../features/auth/api/me';
import { useSignOut } from '../features/auth/api/sign-out';
import { CustomerNav } from './customer-nav';
import { OperatorNav } from './operator-nav';
import { isRouteHandle } from './route-handle';
import { Loading } from '../components/status';
import '../features/notifications/notifications.css';

const SITE = 'cybertacotruck';

/** The deepest matched route's title (router.tsx `handle.title`) as the document's title. */
function useDocumentTitle() {
  const matches = useMatches();
  const handle = matches.map((m) => m.handle).findLast(isRouteHandle);
  const title = handle ? `${handle.title} · ${SITE}` : SITE;
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** The logo (index.html draws the same one before the JavaScript runs). */
function BrandMark() {
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" className="brand-mark">
      <path d="M8 42 L24 20 L56 30 L56 42 Z" fill="currentColor" />
      <circle cx="19" cy="44" r="5" fill="#e31937" />
      <circle cx="46" cy="44" r="5" fill="#e31937" />
    </svg>
  );
}

/**
 * While the first page's own code loads (a lazily loaded page opened directly): the bar as
 * index.html's static markup draws it, so the page does not lose its frame between the two.
 */
export function ShellFallback() {
  return (
    <>
      <header className="topbar">
        <a href="/" className="brand" aria-label="cybertacotruck home">
          <BrandMark />
          <span className="brand-name">cybertacotruck</span>
        </a>
      </header>
      <main id="main" tabIndex={-1}>
        <Loading label="Loading…" />
      </main>
    </>
  );
}

/** One shell for both areas; the operator area gets its own navigation and a badge. */
export function Layout() {
  const { pathname } = useLocation();
  const operator = pathname.startsWith('/operator');
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const customer = !operator && me.data?.user.role === 'customer';
  const staff = operator || me.data?.user.role === 'operator';
  // A page being opened (its code, or its data: /browse waits for its first answers): a thin bar
  // at the top says the tap was taken. Drawn after a moment (CSS), so a quick page shows none.
  const opening = useNavigation().state !== 'idle';
  useDocumentTitle();
  return (
    <>
      {opening && <div className="page-progress" role="progressbar" aria-label="Opening the page" />}
      {/* A new page starts at its top; back and forward return to where the reader was. */}
      <ScrollRestoration />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink
          to={operator ? '/operator' : '/'}
          className="brand"
          // The name holds the words shown (axe label-content-name-mismatch): "Operator" on its pages.
          aria-label={operator ? 'cybertacotruck Operator home' : 'cybertacotruck home'}
        >
          <BrandMark />
          {/* An operator's bar carries more links: at phone width the mark stands for the name. */}
          <span className={staff ? 'brand-name brand-name-compact' : 'brand-name'}>cybertacotruck</span>
          {/* The space keeps the two words apart in the link's text (axe reads "cybertacotruckOperator"
              otherwise); in the flex row it takes no room. */}
          {operator && (
            <>
              {' '}
              <span className="badge">Operator</span>
            </>
          )}
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
      {operator && <OperatorNav />}
      {customer && <CustomerNav />}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>cybertacotruck · Tesla rentals</p>
      </footer>
    </>
  );
}
