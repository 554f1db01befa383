import { Link, useParams } from 'react-router';
import { VEHICLE_MODEL_LABELS } from '@cybertacotruck/contracts';
import { useMe } from '../../features/auth/api/me';
import { useVehicle } from '../../features/fleet/api/get-vehicle';
import { useRates } from '../../features/rates/api/list-rates';
import { useLocation } from '../../features/locations/api/get-location';
import { PickupLocationPanel } from '../../features/locations/components/pickup-location';
import { VehicleArt } from '../../components/vehicle-art';
import { ErrorNotice, Loading } from '../../components/status';
import { formatMoney } from '../../lib/format';
import { colorName, trimName } from '../../lib/vehicle-names';

export function VehiclePage() {
  const { id = '' } = useParams();
  const vehicle = useVehicle(id);
  const home = useLocation(vehicle.data?.homeLocationId ?? null);
  const me = useMe();
  const rates = useRates();
  if (vehicle.isPending) return <Loading label="Loading the vehicle…" />;
  if (vehicle.isError) return <ErrorNotice error={vehicle.error} />;
  const v = vehicle.data;
  const facts: [string, string | number | null][] = [
    ['Model', VEHICLE_MODEL_LABELS[v.model]],
    ['Year', v.modelYear],
    ['Trim', trimName(v.trim)],
    ['Colour', colorName(v.color)],
  ];
  const rate = rates.data?.items.find((r) => r.model === v.model);
  const customer = me.data?.user.role === 'customer';
  return (
    <article className="section detail">
      <Link to="/" className="back">
        ← All vehicles
      </Link>
      <VehicleArt model={v.model} color={v.color} className="vehicle-art vehicle-art-large" />
      <p className="eyebrow">{VEHICLE_MODEL_LABELS[v.model]}</p>
      <h1>{v.displayName}</h1>
      <dl className="facts">
        {facts
          .filter(([, value]) => value !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {home.data && <PickupLocationPanel location={home.data} />}
      {rate && (
        <p className="price-rate">
          <strong>{formatMoney(rate.dailyRateMinor, rate.currency)}</strong>
          <span className="muted"> / day</span>
          {rate.depositMinor > 0 && (
            <span className="muted small">
              {' '}
              + {formatMoney(rate.depositMinor, rate.currency)} refundable deposit
            </span>
          )}
        </p>
      )}
      {customer ? (
        <Link
          className="button button-primary button-block"
          to={`/browse?${new URLSearchParams({ model: v.model, vehicle: v.id }).toString()}`}
        >
          Reserve<span className="visually-hidden"> {v.displayName}</span>
        </Link>
      ) : me.data ? null : (
        <p className="notice">
          Booking is by invitation: the operator sends a registration link to your phone. Once you are signed
          in you can reserve this vehicle for your dates.
        </p>
      )}
    </article>
  );
}
