import { useState, type SubmitEvent } from 'react';
import { VEHICLE_MODEL_LABELS, type Rate, type VehicleModel } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { formatDateTime, formatMoney, minorPerMajor } from '../../../lib/format';
import { useUpdateRate } from '../api/update-rate';

/** Major units as typed ("89", "89.50", "1,200") → integer minor units; NaN when it is no amount. */
function toMinor(text: string, currency: string): number {
  const cleaned = text.replace(/[\s,]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  return Math.round(Number(cleaned) * minorPerMajor(currency));
}

const toMajor = (minor: number, currency: string) => String(minor / minorPerMajor(currency));

/** The daily rate and deposit for one model; the server checks the limits and names the field. */
export function RateForm({ model, rate }: { model: VehicleModel; rate: Rate | undefined }) {
  const update = useUpdateRate();
  const [currency, setCurrency] = useState(rate?.currency ?? 'USD');
  const [daily, setDaily] = useState(rate ? toMajor(rate.dailyRateMinor, rate.currency) : '');
  const [deposit, setDeposit] = useState(rate ? toMajor(rate.depositMinor, rate.currency) : '');
  const [local, setLocal] = useState<{ daily?: string; deposit?: string; currency?: string }>({});
  const apiError = update.error instanceof ApiError ? update.error : null;
  const label = VEHICLE_MODEL_LABELS[model];

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = currency.trim().toUpperCase();
    const errors: typeof local = {};
    let validCurrency = /^[A-Z]{3}$/.test(code);
    if (validCurrency) {
      try {
        minorPerMajor(code);
      } catch {
        validCurrency = false;
      }
    }
    if (!validCurrency) errors.currency = 'A three-letter currency code, e.g. USD';
    const dailyMinor = validCurrency ? toMinor(daily, code) : Number.NaN;
    const depositMinor = validCurrency ? toMinor(deposit || '0', code) : Number.NaN;
    if (validCurrency && Number.isNaN(dailyMinor)) errors.daily = 'An amount, e.g. 89 or 89.50';
    if (validCurrency && Number.isNaN(depositMinor)) errors.deposit = 'An amount, e.g. 500';
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    update.mutate({ model, body: { dailyRateMinor: dailyMinor, depositMinor, currency: code } });
  };

  return (
    <form className="form rate-form" onSubmit={submit} noValidate aria-label={`${label} rate`}>
      <div className="rate-head">
        <h2>{label}</h2>
        {rate ? (
          <p className="muted small">
            {formatMoney(rate.dailyRateMinor, rate.currency)} / day · updated {formatDateTime(rate.updatedAt)}
          </p>
        ) : (
          <p className="field-error">Not set: customers cannot book a {label} yet.</p>
        )}
      </div>
      {update.isError && !apiError?.fieldErrors.length && <ErrorNotice error={update.error} />}
      <div className="rate-fields">
        <Field label="Per day" error={local.daily ?? apiError?.fieldMessage('dailyRateMinor')}>
          {(a) => (
            <input
              {...a}
              value={daily}
              inputMode="decimal"
              onChange={(e) => {
                update.reset();
                setDaily(e.target.value);
              }}
              required
            />
          )}
        </Field>
        <Field label="Deposit" error={local.deposit ?? apiError?.fieldMessage('depositMinor')}>
          {(a) => (
            <input
              {...a}
              value={deposit}
              inputMode="decimal"
              onChange={(e) => {
                update.reset();
                setDeposit(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label="Currency" error={local.currency ?? apiError?.fieldMessage('currency')}>
          {(a) => (
            <input
              {...a}
              value={currency}
              maxLength={3}
              autoCapitalize="characters"
              spellCheck={false}
              onChange={(e) => {
                update.reset();
                setCurrency(e.target.value);
              }}
              required
            />
          )}
        </Field>
      </div>
      <div className="rate-actions">
        <button className="button button-primary button-small" type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : `Save ${label}`}
        </button>
        {update.isSuccess && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
      </div>
    </form>
  );
}
