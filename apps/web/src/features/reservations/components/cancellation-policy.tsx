import { useState } from 'react';
import type { Reservation } from '@cybertacotruck/contracts';
import { formatInZone } from '../../../lib/format';

/**
 * The policy in one sentence and the deadline it gives this reservation, shown before accepting.
 * A pick-up sooner than the lead time has no free window at all, and the customer is told so.
 */
export function CancellationPolicy({ reservation }: { reservation: Reservation }) {
  const { cancellation, timeZone } = reservation;
  const [now] = useState(() => Date.now());
  const freeUntil = formatInZone(cancellation.freeUntil, timeZone);
  return (
    <div className="policy">
      <h2 className="policy-title">Cancellation</h2>
      <p>{cancellation.policy.summary}</p>
      {Date.parse(cancellation.freeUntil) > now ? (
        <p className="policy-deadline">
          Free cancellation until <strong>{freeUntil}</strong>
        </p>
      ) : (
        <p className="policy-closed">
          <strong>No free cancellation for these dates:</strong> the window ended {freeUntil}, so once
          confirmed this reservation cannot be cancelled online.
          {reservation.contactPhone && (
            <>
              {' '}
              To cancel it later, call{' '}
              <a href={`tel:${reservation.contactPhone}`}>{reservation.contactPhone}</a>.
            </>
          )}
        </p>
      )}
    </div>
  );
}
