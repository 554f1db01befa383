import type { ReactNode } from 'react';
import { VEHICLE_MODEL_LABELS, type AvailableVehicle } from '@cybertacotruck/contracts';
import { VehicleArt } from '../../../components/vehicle-art';
import { vehicleDetails } from '../../../lib/vehicle-details';
import { SEATS } from '../../../lib/vehicle-names';
import { chargeAtPickup } from '../../../lib/browse-arrange';
import { formatMoney, plural } from '../../../lib/format';
import type { PaymentTiming } from '../api/payments-config';

interface AvailableVehicleCardProps {
  vehicle: AvailableVehicle;
  /** False when the answer came without prices (the reservation service was away): not "no rate". */
  priced: boolean;
  reserving: boolean;
  disabled: boolean;
  onReserve: (vehicle: AvailableVehicle) => void;
  /** Where the car is collected, shown above its price (the page knows the locations). */
  pickup?: ReactNode;
  /** When the deposit is taken (null until known): the page asks once for every card. */
  timing: PaymentTiming | null;
}

function Charge({ vehicle }: { vehicle: AvailableVehicle }) {
  const { percent, rangeMi, projected } = chargeAtPickup(vehicle);
  if (percent === null) return <p className="muted small">Charge at pick-up not known yet</p>;
  const tone = percent < 20 ? 'low' : percent < 50 ? 'mid' : 'high';
  return (
    <p className="charge">
      <span className="muted small">{projected ? 'At pick-up' : 'Now'}</span>
      <span className="battery" title={`Battery ${String(Math.round(percent))}%`}>
        <span className="battery-shell" aria-hidden="true">
          <span className={`battery-fill battery-${tone}`} style={{ width: `${String(percent)}%` }} />
        </span>
        <span>{Math.round(percent)}%</span>
      </span>
      {rangeMi !== null && <span className="figure">{Math.round(rangeMi)} mi range</span>}
    </p>
  );
}

/**
 * One free car for the chosen dates: its charge, its daily rate and what the dates cost, all from
 * the availability answer (no request per card).
 */
export function AvailableVehicleCard({
  vehicle,
  priced,
  reserving,
  disabled,
  onReserve,
  pickup,
  timing,
}: AvailableVehicleCardProps) {
  const { price } = vehicle;
  const details = vehicleDetails(vehicle);
  // No rate for this model: the reservation would be refused, so Reserve is off.
  const unpriced = priced && price === null;
  return (
    <li className="card vehicle-card">
      <VehicleArt model={vehicle.model} color={vehicle.color} className="vehicle-art vehicle-art-compact" />
      <div className="card-body">
        <p className="eyebrow">
          {VEHICLE_MODEL_LABELS[vehicle.model]} · {SEATS[vehicle.model] ?? 5} seats
        </p>
        <h3>{vehicle.displayName}</h3>
        {details && <p className="muted">{details}</p>}
        <Charge vehicle={vehicle} />
        {pickup}
        <div className="price">
          {price ? (
            <>
              <p className="price-rate">
                <strong>{formatMoney(price.dailyRateMinor, price.currency)}</strong>
                <span className="muted"> / day</span>
              </p>
              <p className="price-total-line">
                <strong>{formatMoney(price.subtotalMinor, price.currency)}</strong>{' '}
                <span className="muted">for {plural(price.days, 'day')}</span>
              </p>
            </>
          ) : (
            <p className="muted small">{priced ? 'No price yet' : 'Price shown when you reserve'}</p>
          )}
        </div>
        {price && price.depositMinor > 0 && (
          <p className="muted small">
            + {formatMoney(price.depositMinor, price.currency)} refundable deposit
            {timing === 'online'
              ? ', held on your card when you book'
              : timing === 'at-pickup'
                ? ' at pick-up'
                : ''}
          </p>
        )}
        <button
          type="button"
          className="button button-primary button-block"
          disabled={disabled || unpriced}
          onClick={() => {
            onReserve(vehicle);
          }}
        >
          {reserving ? 'Holding…' : 'Reserve'}
          <span className="visually-hidden"> {vehicle.displayName}</span>
        </button>
      </div>
    </li>
  );
}
