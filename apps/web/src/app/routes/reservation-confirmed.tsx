import { Link, useParams } from 'react-router';
import {
  PickupLocationPanel,
  PickupToBeToldPanel,
} from '../../features/locations/components/pickup-location';
import { useReservation } from '../../features/reservations/api/get-reservation';
import { QuoteBreakdown } from '../../features/reservations/components/quote-breakdown';
import { ReservationSummary } from '../../features/reservations/components/reservation-summary';
import { ErrorNotice, Loading } from '../../components/status';
import { formatInZone } from '../../lib/format';

/** Where confirming lands: it is booked, what was paid and is due, and until when it is free to cancel. */
export function ReservationConfirmedPage() {
  const { id = '' } = useParams();
  const reservation = useReservation(id);
  if (reservation.isPending) return <Loading label="Loading the reservation…" />;
  if (reservation.isError) return <ErrorNotice error={reservation.error} />;
  const r = reservation.data;
  return (
    <section className="section narrow" aria-labelledby="confirmed-heading">
      <div className="notice notice-ok confirmed-banner" role="status">
        <h1 id="confirmed-heading">You’re booked!</h1>
        <p>
          {r.vehicle.displayName} is yours from {formatInZone(r.from, r.timeZone)}. We will send a reminder
          before pick-up.
        </p>
      </div>
      <ReservationSummary reservation={r} />
      {r.pickupLocation ? (
        <PickupLocationPanel location={r.pickupLocation} />
      ) : (
        <PickupToBeToldPanel contactPhone={r.contactPhone} />
      )}
      <p>
        <a className="button button-block" href={`/api/v1/reservations/${r.id}/calendar.ics`} download>
          Add to calendar (.ics)
        </a>
      </p>
      <QuoteBreakdown reservation={r} />
      <p className="policy-deadline">
        Free cancellation until <strong>{formatInZone(r.cancellation.freeUntil, r.timeZone)}</strong>
        {r.contactPhone && (
          <>
            ; after that, call <a href={`tel:${r.contactPhone}`}>{r.contactPhone}</a>
          </>
        )}
      </p>
      <div className="button-row">
        <Link to={`/reservations/${r.id}`} className="button button-primary">
          View reservation
        </Link>
        <Link to="/reservations" className="button">
          My reservations
        </Link>
      </div>
    </section>
  );
}
