import { Link, useNavigate } from 'react-router';
import { useMe } from '../../features/auth/api/me';
import { useSignOut } from '../../features/auth/api/sign-out';
import { useSignOutEverywhere } from '../../features/auth/api/sign-out-everywhere';
import { usePreferences } from '../../features/account/api/get-preferences';
import { PreferencesForm } from '../../features/account/components/preferences-form';
import { ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../lib/format';

/** Who you are, how we may reach you, and your sessions. */
export function AccountPage() {
  const me = useMe();
  const preferences = usePreferences();
  const signOut = useSignOut();
  const signOutEverywhere = useSignOutEverywhere();
  const navigate = useNavigate();
  const user = me.data?.user;
  return (
    <section className="section narrow" aria-labelledby="account-heading">
      <h1 id="account-heading">Account</h1>
      {user && (
        <dl className="facts profile" aria-label="Your details">
          <div>
            <dt>Name</dt>
            <dd>{user.name}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{user.phone}</dd>
          </div>
          <div className="facts-wide">
            <dt>E-mail</dt>
            <dd>{user.email ?? '—'}</dd>
          </div>
          <div className="facts-wide">
            <dt>Member since</dt>
            <dd>{formatDateTime(user.createdAt)}</dd>
          </div>
        </dl>
      )}
      <p>
        <Link to="/account/licence" className="button button-block">
          Driver’s licence
        </Link>
      </p>
      {preferences.isPending && <Loading label="Loading your preferences…" />}
      {preferences.isError && <ErrorNotice error={preferences.error} />}
      {preferences.data && <PreferencesForm initial={preferences.data} />}

      <section className="sessions" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Signing out</h2>
        {signOutEverywhere.isError && <ErrorNotice error={signOutEverywhere.error} />}
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={signOut.isPending}
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
          <button
            type="button"
            className="button button-danger"
            disabled={signOutEverywhere.isPending}
            onClick={() => {
              signOutEverywhere.mutate(undefined, {
                onSuccess: () => {
                  void navigate('/sign-in');
                },
              });
            }}
          >
            Sign out everywhere
          </button>
        </div>
        <p className="muted small">
          “Sign out everywhere” ends every session of your account, on other phones and browsers too — use it
          if you lost a device.
        </p>
      </section>
    </section>
  );
}
