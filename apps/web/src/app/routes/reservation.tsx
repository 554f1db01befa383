import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Reservation } from '@cybertacotruck/contracts';
import {
  PickupLocationPanel,
  PickupToBeToldPanel,
} from '../../features/locations/components/pickup-location';
import { RentalPanel } from '../../features/rental/components/rental-panel';
import { CarAccessPanel } from '../../features/rental-access/components/car-access-panel';
import { useCurrentTerms } from '../../features/reservations/api/get-current-terms';
import { useReservation } from '../../features/reservations/api/get-reservation';
import { CancelPanel } from '../../features/reservations/components/cancel-panel';
import { CancellationPolicy } from '../../features/reservations/components/cancellation-policy';
import { ConfirmForm } from '../../features/reservations/components/confirm-form';
import { LiveCarPanel } from '../../features/reservations/components/live-car';
import { HoldCountdown, useHoldSecondsLeft } from '../../features/reservations/components/hold-countdown';
import { QuoteBreakdown } from '../../features/reservations/components/quote-breakdown';
import { ReservationSummary } from '../../features/reservations/components/reservation-summary';
import { TermsPanel } from '../../features/reservations/components/terms-panel';
import { ErrorNotice, Loading } from '../../components/status';
import { formatInZone } from '../../lib/format';
import { instantToZoned } from '../../lib/time';

/** Back to browsing with the same dates, e.g. after a hold lapsed. */
const browseAgain = (r: Reservation) =>
  `/browse?${new URLSearchParams({ from: instantToZoned(new Date(r.from), r.timeZone), to: instantToZoned(new Date(r.to), r.timeZone) }).toString()}`;

/** One reservation: while held, the review-and-accept page; afterwards, its details and cancelling. */
export function ReservationPage() {
  const { id = '' } = useParams();
  const reservation = useReservation(id);
  if (reservation.isPending) return <Loading label="Loading the reservation…" />;
  if (reservation.isError)
    return (
      <section className="section narrow">
        <Link to="/reservations" className="back">
          ← My reservations
        </Link>
        <ErrorNotice error={reservation.error} />
      </section>
    );
  return reservation.data.status === 'held' ? (
    <ReviewReservation reservation={reservation.data} />
  ) : (
    <ReservationDetail reservation={reservation.data} />
  );
}

function ReviewReservation({ reservation }: { reservation: Reservation }) {
  const navigate = useNavigate();
  const terms = useCurrentTerms();
  const secondsLeft = useHoldSecondsLeft(reservation.holdExpiresAt);
  const lapsed = secondsLeft === 0;
  return (
    <section className="section narrow review" aria-labelledby="review-heading">
      <Link to={browseAgain(reservation)} className="back">
        ← Other cars
      </Link>
      <h1 id="review-heading">Review and confirm</h1>
      {secondsLeft !== null && (
        <HoldCountdown secondsLeft={secondsLeft} vehicleName={reservation.vehicle.displayName} />
      )}
      {lapsed && (
        <p>
          <Link to={browseAgain(reservation)} className="button">
            Pick the dates again
          </Link>
        </p>
      )}
      <ReservationSummary reservation={reservation} />
      {reservation.pickupLocation ? (
        <PickupLocationPanel location={reservation.pickupLocation} />
      ) : (
        <PickupToBeToldPanel contactPhone={reservation.contactPhone} />
      )}
      <QuoteBreakdown reservation={reservation} />
      <CancellationPolicy reservation={reservation} />
      {terms.isPending && <Loading label="Loading the terms…" />}
      {terms.isError && <ErrorNotice error={terms.error} />}
      {terms.data && (
        <>
          <TermsPanel terms={terms.data} />
          {reservation.contactPhone && (
            <p className="muted small">
              To contact the operator, call{' '}
              <a href={`tel:${reservation.contactPhone}`}>{reservation.contactPhone}</a>.
            </p>
          )}
          <ConfirmForm
            reservation={reservation}
            terms={terms.data}
            holdLapsed={lapsed}
            onConfirmed={(confirmed) => {
              void navigate(`/reservations/${confirmed.id}/confirmed`, { replace: true });
            }}
          />
        </>
      )}
    </section>
  );
}

function ReservationDetail({ reservation }: { reservation: Reservation }) {
  const { status, timeZone } = reservation;
  const [now] = useState(() => Date.now());
  return (
    <section className="section narrow" aria-labelledby="reservation-heading">
      <Link to="/reservations" className="back">
        ← My reservations
      </Link>
      <h1 id="reservation-heading">Your reservation</h1>
      <ReservationSummary reservation={reservation} />
      {/* The car live while it is rented or about to be (the stream sends nothing else). */}
      {status === 'confirmed' &&
        Date.parse(reservation.to) > now &&
        Date.parse(reservation.from) < now + 86_400_000 && (
          <LiveCarPanel vehicleId={reservation.vehicleId} vehicleName={reservation.vehicle.displayName} />
        )}
      {status !== 'cancelled' && status !== 'expired' && reservation.pickupLocation && (
        <PickupLocationPanel location={reservation.pickupLocation} />
      )}
      {/* No place known yet: said while there is a pick-up to come. */}
      {status === 'confirmed' && !reservation.pickupLocation && (
        <PickupToBeToldPanel contactPhone={reservation.contactPhone} />
      )}
      {/* Cancelled or lapsed: nothing is due, the price stays for the record. */}
      <QuoteBreakdown reservation={reservation} />
      <RentalPanel reservation={reservation} viewer="customer" />
      {status !== 'held' && status !== 'expired' && (
        <CarAccessPanel reservationId={reservation.id} timeZone={timeZone} />
      )}
      {status === 'confirmed' && (
        <>
          {reservation.terms.acceptedAt && (
            <p className="muted small">
              {/* In the reservation's zone, as every other time on the page. */}
              Terms version {reservation.terms.version} accepted{' '}
              {formatInZone(reservation.terms.acceptedAt, timeZone)}.
            </p>
          )}
          {/* Once picked up there is nothing left to cancel. */}
          {Date.parse(reservation.from) > now && <CancelPanel reservation={reservation} />}
        </>
      )}
      {status === 'cancelled' && reservation.cancelledAt && (
        <div className="notice" role="status">
          <p>
            <strong>
              Cancelled {formatInZone(reservation.cancelledAt, timeZone)}
              {reservation.cancelledBy === 'operator' ? ' by the rental team' : ''}
            </strong>
          </p>
          {reservation.cancelReason && <p className="notice-meta">Reason: {reservation.cancelReason}</p>}
          <Link to={browseAgain(reservation)} className="button">
            Book again
          </Link>
        </div>
      )}
      {status === 'expired' && (
        <div className="notice">
          <p>The hold lapsed before the terms were accepted, so nothing was booked.</p>
          <Link to={browseAgain(reservation)} className="button">
            Pick the dates again
          </Link>
        </div>
      )}
    </section>
  );
}
