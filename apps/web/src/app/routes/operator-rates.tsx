import { VEHICLE_MODELS } from '@cybertacotruck/contracts';
import { useRates } from '../../features/rates/api/list-rates';
import { RateForm } from '../../features/rates/components/rate-form';
import { ErrorNotice, Loading } from '../../components/status';

/** One daily rate and deposit per model; quotes (and so new reservations) use them at once. */
export function OperatorRatesPage() {
  const rates = useRates();
  return (
    <section className="section narrow-wide" aria-labelledby="rates-heading">
      <h1 id="rates-heading">Rates</h1>
      <p className="muted">
        Per model, per rental day. Reservations already made keep the price they were quoted.
      </p>
      {rates.isPending && <Loading label="Loading rates…" />}
      {rates.isError && <ErrorNotice error={rates.error} />}
      {rates.data && (
        <div className="rate-list">
          {VEHICLE_MODELS.map((model) => (
            <RateForm key={model} model={model} rate={rates.data.items.find((r) => r.model === model)} />
          ))}
        </div>
      )}
    </section>
  );
}
