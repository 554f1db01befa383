import { useState } from 'react';
import type { RentalAccess, RentalAccessEndReason, SpeedLimitState } from '@cybertacotruck/contracts';
import { ErrorNotice, Loading, Pill } from '../../../components/status';
import { formatInZone, plural } from '../../../lib/format';
import { useReservationAccess, useRevokeAccess } from '../api/rental-access';

const END_REASONS: Record<RentalAccessEndReason, string> = {
  returned: 'the car was returned',
  cancelled: 'the reservation was cancelled',
  no_show: 'the car was not collected',
  ended: 'the rental ended',
  operator: 'an operator revoked it',
};

const SPEED_LIMIT: Record<SpeedLimitState, string> = {
  off: 'Off',
  activating: 'Being set',
  on: 'On',
  deactivating: 'Being cleared',
};

const PILL: Record<RentalAccess['state'], { label: string; tone: 'ok' | 'muted' | 'warn' | 'info' }> = {
  scheduled: { label: 'Scheduled', tone: 'info' },
  driver_limit: { label: 'Five drivers', tone: 'warn' },
  invited: { label: 'Invited', tone: 'ok' },
  moving: { label: 'Moving car', tone: 'warn' },
  revoking: { label: 'Revoking', tone: 'warn' },
  revoked: { label: 'Revoked', tone: 'muted' },
  closed: { label: 'Closed', tone: 'muted' },
};

/** What the access is doing, in one sentence with its times in the rental's zone. */
function stateText(a: RentalAccess, zone: string): string {
  const at = (iso: string | null) => (iso ? formatInZone(iso, zone) : '—');
  const why = a.endReason ? END_REASONS[a.endReason] : 'the access ended';
  switch (a.state) {
    case 'scheduled':
      return `The renter's Tesla invitation is due ${at(a.inviteDueAt)}.`;
    case 'driver_limit':
      return "Not invited yet: the car already has Tesla's five drivers. Retried on its own.";
    case 'invited':
      return `Invited ${at(a.invitedAt)}; the link works until ${at(a.invitationExpiresAt)} (once).`;
    case 'moving':
      return `The booking moved to ${a.movingToVehicleName ?? 'another car'}: revoking the invitation to ${a.vehicleName}, then inviting the renter to the new car.`;
    case 'revoking':
      return `Ending (${why}): revoking the invitation and removing the renter as a driver.`;
    case 'revoked':
      return `Revoked ${at(a.revokedAt)}: ${why}.`;
    case 'closed':
      return `Closed before any invitation was made: ${why}.`;
  }
}

/**
 * The renter's car access on the operator's reservation page: the Tesla invitation's state and
 * times, a step that keeps failing (why, how often, the next try), Speed Limit Mode, and "Revoke
 * now" (asked once more) while the renter has or is about to get the key.
 */
export function OperatorAccessPanel({
  reservationId,
  timeZone,
}: {
  reservationId: string;
  timeZone: string;
}) {
  const access = useReservationAccess(reservationId);
  const revoke = useRevokeAccess();
  const [asking, setAsking] = useState(false);
  const a = access.data;
  const open = a
    ? a.state === 'scheduled' || a.state === 'driver_limit' || a.state === 'invited' || a.state === 'moving'
    : false;
  return (
    <section className="card" aria-labelledby="operator-access-heading">
      <div className="card-body">
        <div className="summary-head">
          <h2 id="operator-access-heading">Car access</h2>
          {a && <Pill tone={PILL[a.state].tone}>{PILL[a.state].label}</Pill>}
        </div>
        {access.isPending && <Loading label="Loading the car access…" />}
        {access.isError && <ErrorNotice error={access.error} />}
        {access.isSuccess && !a && (
          <p className="muted">No car access: it is made when the reservation is confirmed.</p>
        )}
        {a && (
          <>
            <p>{stateText(a, timeZone)}</p>
            {a.attempts > 0 && a.lastError && (
              <p className="notice notice-error">
                Failing: {a.lastError} ({plural(a.attempts, 'failed attempt')}
                {a.nextAttemptAt ? `; next try ${formatInZone(a.nextAttemptAt, timeZone)}` : ''})
              </p>
            )}
            <dl className="facts">
              <div>
                <dt>Picked up</dt>
                <dd>{a.pickedUp ? 'Yes' : 'Not yet'}</dd>
              </div>
              <div>
                <dt>Speed Limit Mode</dt>
                <dd>{SPEED_LIMIT[a.speedLimit]}</dd>
              </div>
            </dl>
            {revoke.isError && <ErrorNotice error={revoke.error} />}
            {open &&
              (asking ? (
                <div className="button-row" role="group" aria-label="Confirm revoking">
                  <p className="small">
                    The renter loses the car at once: the invitation is revoked and they are removed as a
                    driver.
                  </p>
                  <button
                    type="button"
                    className="button button-danger"
                    disabled={revoke.isPending}
                    onClick={() => {
                      revoke.mutate(a.reservationId, {
                        onSettled: () => {
                          setAsking(false);
                        },
                      });
                    }}
                  >
                    Yes, revoke now
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setAsking(false);
                    }}
                  >
                    Keep access
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => {
                    revoke.reset();
                    setAsking(true);
                  }}
                >
                  Revoke now
                </button>
              ))}
          </>
        )}
      </div>
    </section>
  );
}
