import { Link } from 'react-router';
import type { Claim, Reservation, User } from '@cybertacotruck/contracts';
import { usePaymentTiming } from '../../features/reservations/api/payments-config';
import { priceSummary } from '../../features/reservations/components/price-summary';
import { ReservationStatusPill } from '../../features/reservations/components/reservation-status';
import { Pill } from '../../components/status';
import { formatInZone, plural } from '../../lib/format';

export const KIND_LABELS: Record<Claim['kind'], string> = {
  hold: 'Hold',
  booking: 'Booking',
  maintenance: 'Maintenance',
};

/** A claim with the reservation it belongs to and that reservation's customer, when known. */
export interface Joined {
  claim: Claim;
  reservation: Reservation | undefined;
  customer: User | undefined;
}

/** The selected block: the vehicle, the period, who has it and in what state. */
export function ClaimDetail({
  joined,
  vehicle,
  timeZone,
}: {
  joined: Joined;
  vehicle: string;
  timeZone: string;
}) {
  const { claim, reservation, customer } = joined;
  const timing = usePaymentTiming();
  return (
    <section className="card claim-detail" aria-labelledby="claim-heading" aria-live="polite">
      <div className="card-body">
        <div className="summary-head">
          <div>
            <p className="eyebrow">{KIND_LABELS[claim.kind]}</p>
            <h2 id="claim-heading" className="summary-title">
              {vehicle}
            </h2>
          </div>
          {reservation ? (
            <ReservationStatusPill status={reservation.status} />
          ) : (
            <Pill tone={claim.status === 'active' ? 'ok' : 'muted'}>{claim.status}</Pill>
          )}
        </div>
        <dl className="period">
          <div>
            <dt>From</dt>
            <dd>{formatInZone(claim.from, timeZone)}</dd>
          </div>
          <div>
            <dt>To</dt>
            <dd>{formatInZone(claim.to, timeZone)}</dd>
          </div>
        </dl>
        {customer && (
          <p>
            <strong>{customer.name}</strong> · <a href={`tel:${customer.phone}`}>{customer.phone}</a>
          </p>
        )}
        {reservation && (
          <p>
            <Link to={`/operator/reservations/${reservation.id}`}>Open the reservation</Link>
          </p>
        )}
        {reservation && (
          <p className="muted small">
            {priceSummary(reservation, timing)} · {plural(reservation.quote.days, 'day')} · reservation{' '}
            <span className="mono">{reservation.id.slice(0, 8)}</span>
          </p>
        )}
        {claim.kind === 'hold' && claim.expiresAt && (
          <p className="muted small">Hold expires {formatInZone(claim.expiresAt, timeZone)}</p>
        )}
        {claim.note && <p className="muted small">{claim.note}</p>}
      </div>
    </section>
  );
}
