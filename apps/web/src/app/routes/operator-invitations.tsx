import { Link } from 'react-router';
import { useInvitations } from '../../features/invitations/api/list-invitations';
import { InvitationList } from '../../features/invitations/components/invitation-list';
import { InviteForm } from '../../features/invitations/components/invite-form';
import { useNotificationDevInbox } from '../../features/notifications/api/notification-dev-inbox';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

export function OperatorInvitationsPage() {
  const invitations = useInvitations();
  // The notification service sends the invitation SMS; its dev inbox answers only while no
  // provider is configured (development), and then the texts are kept there.
  const devInbox = useNotificationDevInbox();
  return (
    <section className="section narrow-wide" aria-labelledby="invite-heading">
      <h1 id="invite-heading">Invite a customer</h1>
      <p className="muted">
        They get a link and a 6-digit code by SMS, and register with their name, e-mail and a password.
      </p>
      <InviteForm />
      {devInbox.data && (
        <div className="notice dev-inbox-link">
          <p>
            <strong>No SMS provider is configured</strong>, so texts are kept in the dev inbox instead of
            being sent.
          </p>
          <Link to="/operator/dev-inbox" className="button button-small">
            Open the dev inbox
          </Link>
        </div>
      )}
      <h2 className="subheading">Invitations</h2>
      {invitations.isPending && <Loading label="Loading invitations…" />}
      {invitations.isError && <ErrorNotice error={invitations.error} />}
      {invitations.data?.items.length === 0 && <EmptyState title="Nobody invited yet" />}
      {invitations.data && invitations.data.items.length > 0 && (
        <InvitationList items={invitations.data.items} />
      )}
    </section>
  );
}
