import { Link } from 'react-router';
import { VEHICLE_MODEL_LABELS, type Reservation } from '@cybertacotruck/contracts';
import { VehicleArt } from '../../../components/vehicle-art';
import { formatInZone } from '../../../lib/format';
import { usePaymentTiming } from '../api/payments-config';
import { priceSummary } from './price-summary';
import { ReservationStatusPill } from './reservation-status';

export function ReservationListItem({ reservation }: { reservation: Reservation }) {
  const { vehicle, from, to, timeZone } = reservation;
  const price = priceSummary(reservation, usePaymentTiming());
  return (
    <li className="row reservation-row">
      <VehicleArt model={vehicle.model} color={null} className="vehicle-thumb" />
      <div className="row-main">
        <Link to={`/reservations/${reservation.id}`} className="row-title">
          {vehicle.displayName}
        </Link>
        <p className="muted">
          {VEHICLE_MODEL_LABELS[vehicle.model]} · {price}
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
