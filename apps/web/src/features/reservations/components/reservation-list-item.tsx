import { Link } from 'react-router';
import { VEHICLE_MODEL_LABELS, type Reservation } from '@cybertacotruck/contracts';
import { VehicleArt } from '../../../components/vehicle-art';
import { formatInZone, formatMoney } from '../../../lib/format';
import { ReservationStatusPill } from './reservation-status';

export function ReservationListItem({ reservation }: { reservation: Reservation }) {
  const { vehicle, from, to, timeZone, quote } = reservation;
  // Cancelled or lapsed: nothing is taken at pick-up.
  const settled = reservation.status === 'cancelled' || reservation.status === 'expired';
  return (
    <li className="row reservation-row">
      <VehicleArt model={vehicle.model} color={null} className="vehicle-thumb" />
      <div className="row-main">
        <Link to={`/reservations/${reservation.id}`} className="row-title">
          {vehicle.displayName}
        </Link>
        <p className="muted">
          {VEHICLE_MODEL_LABELS[vehicle.model]} ·{' '}
          {settled ? 'Nothing due' : formatMoney(quote.totalDueMinor, quote.currency)}
        </p>
        <p className="muted">
          {formatInZone(from, timeZone)} → {formatInZone(to, timeZone)}
        </p>
      </div>
      <div className="row-side">
        <ReservationStatusPill status={reservation.status} />
      </div>
    </li>
  );
}
