import { VEHICLE_MODEL_LABELS, type Reservation } from '@cybertacotruck/contracts';
import { VehicleArt } from '../../../components/vehicle-art';
import { formatInZone, plural } from '../../../lib/format';
import { ReservationStatusPill } from './reservation-status';

/** The car and the period, in the time zone the rental days were counted in. */
export function ReservationSummary({ reservation }: { reservation: Reservation }) {
  const { vehicle, from, to, timeZone, quote } = reservation;
  return (
    <div className="card summary-card">
      <VehicleArt model={vehicle.model} color={null} className="vehicle-art" />
      <div className="card-body">
        <div className="summary-head">
          <div>
            <p className="eyebrow">{VEHICLE_MODEL_LABELS[vehicle.model]}</p>
            <h2 className="summary-title">{vehicle.displayName}</h2>
          </div>
          <ReservationStatusPill status={reservation.status} />
        </div>
        <dl className="period">
          <div>
            <dt>Pick-up</dt>
            <dd>{formatInZone(from, timeZone)}</dd>
          </div>
          <div>
            <dt>Return</dt>
            <dd>{formatInZone(to, timeZone)}</dd>
          </div>
        </dl>
        <p className="muted small">
          {plural(quote.days, 'rental day')} · times in {timeZone.replace(/_/g, ' ')}
        </p>
      </div>
    </div>
  );
}
