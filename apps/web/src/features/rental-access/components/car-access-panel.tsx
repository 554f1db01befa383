import type { RenterCommandRequest } from '@cybertacotruck/contracts';
import { ErrorNotice } from '../../../components/status';
import { formatInZone } from '../../../lib/format';
import { useRenterAccess, useRenterCommand } from '../api/rental-access';

type Command = RenterCommandRequest['command'];

const LABELS: Record<Command, string> = {
  unlock: 'Unlock',
  lock: 'Lock',
  flash: 'Flash lights',
  honk: 'Honk',
  climate_on: 'Climate on',
  climate_off: 'Climate off',
};

/**
 * The renter's car on their reservation page: the Tesla app key (share link) once it is sent, and
 * large controls (unlock, lock, flash, honk, climate) that work only inside the rental. The server
 * decides; a refusal (before the rental: when it opens; after: closed) is shown as it says.
 */
export function CarAccessPanel({ reservationId, timeZone }: { reservationId: string; timeZone: string }) {
  const access = useRenterAccess(reservationId);
  const send = useRenterCommand(reservationId);
  if (access.isPending || access.isError) return null; // no access yet (not confirmed): nothing to show
  const a = access.data;
  const ended = a.state === 'revoked' || a.state === 'closed' || a.state === 'revoking';
  const last = send.data;
  return (
    <section className="car-access" aria-labelledby="car-access-heading">
      <h2 className="subheading" id="car-access-heading">
        Your car
      </h2>
      {a.shareLink ? (
        <div className="car-key">
          <p>Add {a.vehicleName} to your Tesla app: open this link on your phone (it works once).</p>
          <a
            className="button button-primary button-large"
            href={a.shareLink}
            rel="noreferrer"
            target="_blank"
          >
            Add the car to my Tesla app
          </a>
        </div>
      ) : ended ? (
        <p className="muted">Your access to {a.vehicleName} has ended.</p>
      ) : a.state === 'moving' ? (
        <p className="muted">
          Your booking moved to {a.vehicleName}: its key arrives by message and here in a moment (the key to
          the car you had first no longer works).
        </p>
      ) : (
        <p className="muted">
          Your car key arrives by message and here from {formatInZone(a.inviteDueAt, timeZone)}.
        </p>
      )}
      {!ended && (
        <>
          <p className="small muted">
            {a.commandsOpen
              ? `The car answers you until ${formatInZone(a.closesAt, timeZone)}.`
              : `These controls work from ${formatInZone(a.opensAt, timeZone)} until ${formatInZone(a.closesAt, timeZone)}.`}
          </p>
          <div className="button-row car-controls">
            {a.commands.map((command) => (
              <button
                key={command}
                type="button"
                className="button button-large"
                disabled={send.isPending}
                onClick={() => {
                  send.mutate({ command });
                }}
              >
                {LABELS[command]}
              </button>
            ))}
          </div>
        </>
      )}
      <div aria-live="polite">
        {send.isError && <ErrorNotice error={send.error} />}
        {last && (
          <p className={last.result === 'ok' ? 'notice' : 'notice notice-error'}>
            {LABELS[last.command]}:{' '}
            {last.result === 'ok' ? 'done' : `not done (${last.reason ?? last.result})`}
          </p>
        )}
      </div>
    </section>
  );
}
