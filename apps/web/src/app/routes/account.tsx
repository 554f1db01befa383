import { Link, useNavigate } from 'react-router';
import { useMe } from '../../features/auth/api/me';
import { useSignOut } from '../../features/auth/api/sign-out';
import { useSignOutEverywhere } from '../../features/auth/api/sign-out-everywhere';
import { PasswordForm } from '../../features/auth/components/password-form';
import { PhoneForm } from '../../features/auth/components/phone-form';
import { ProfileForm } from '../../features/auth/components/profile-form';
import { usePreferences } from '../../features/account/api/get-preferences';
import { PreferencesForm } from '../../features/account/components/preferences-form';
import { ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../lib/format';

/** Who you are (name, e-mail, phone by SMS code), your password, how we may reach you, your sessions. */
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
        <section className="account-part" aria-labelledby="profile-heading">
          <h2 id="profile-heading">Profile</h2>
          <p className="muted small">Member since {formatDateTime(user.createdAt)}</p>
          <ProfileForm user={user} />
          <PhoneForm user={user} />
        </section>
      )}
      {user && (
        <section className="account-part">
          <PasswordForm />
        </section>
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
