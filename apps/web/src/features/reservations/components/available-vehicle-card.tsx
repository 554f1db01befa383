import {
  ProblemTypes,
  VEHICLE_MODEL_LABELS,
  type AvailableVehicle,
  type Rate,
} from '@cybertacotruck/contracts';
import { VehicleArt } from '../../../components/vehicle-art';
import { ApiError } from '../../../lib/api-client';
import { formatMoney, plural } from '../../../lib/format';
import { useQuote } from '../api/get-quote';

interface AvailableVehicleCardProps {
  vehicle: AvailableVehicle;
  rate: Rate | undefined;
  period: { from: string; to: string; timeZone: string };
  reserving: boolean;
  disabled: boolean;
  onReserve: (vehicle: AvailableVehicle) => void;
}

function Charge({ live }: { live: AvailableVehicle['live'] }) {
  const level = live?.batteryLevel ?? null;
  if (level === null) return <p className="muted small">Charge not reported yet</p>;
  const tone = level < 20 ? 'low' : level < 50 ? 'mid' : 'high';
  return (
    <p className="charge">
      <span className="battery" title={`Battery ${String(Math.round(level))}%`}>
        <span className="battery-shell" aria-hidden="true">
          <span className={`battery-fill battery-${tone}`} style={{ width: `${String(level)}%` }} />
        </span>
        <span>{Math.round(level)}%</span>
      </span>
      {live?.rangeMi != null && <span className="figure">{Math.round(live.rangeMi)} mi range</span>}
    </p>
  );
}

/** One free car for the chosen dates: its charge, its daily rate and what the dates cost. */
export function AvailableVehicleCard({
  vehicle,
  rate,
  period,
  reserving,
  disabled,
  onReserve,
}: AvailableVehicleCardProps) {
  const quote = useQuote({ vehicleId: vehicle.id, ...period }, { enabled: rate !== undefined });
  const details = [vehicle.modelYear, vehicle.trim, vehicle.color].filter((d) => d !== null).join(' · ');
  const unpriced = !rate || (quote.error instanceof ApiError && quote.error.type === ProblemTypes.rateNotSet);
  return (
    <li className="card vehicle-card">
      <VehicleArt model={vehicle.model} color={vehicle.color} className="vehicle-art vehicle-art-compact" />
      <div className="card-body">
        <p className="eyebrow">{VEHICLE_MODEL_LABELS[vehicle.model]}</p>
        <h3>{vehicle.displayName}</h3>
        {details && <p className="muted">{details}</p>}
        <Charge live={vehicle.live} />
        <div className="price">
          {rate ? (
            <p className="price-rate">
              <strong>{formatMoney(rate.dailyRateMinor, rate.currency)}</strong>
              <span className="muted"> / day</span>
            </p>
          ) : (
            <p className="muted small">No price yet</p>
          )}
          {quote.data && (
            <p className="price-total-line">
              <strong>{formatMoney(quote.data.subtotalMinor, quote.data.currency)}</strong>{' '}
              <span className="muted">for {plural(quote.data.days, 'day')}</span>
            </p>
          )}
          {quote.isPending && !unpriced && <p className="muted small">Pricing your dates…</p>}
          {quote.isError && !unpriced && <p className="muted small">{quote.error.message}</p>}
        </div>
        {quote.data && quote.data.depositMinor > 0 && (
          <p className="muted small">
            + {formatMoney(quote.data.depositMinor, quote.data.currency)} refundable deposit at pick-up
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
