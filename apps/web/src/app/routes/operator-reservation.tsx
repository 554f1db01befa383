import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Reservation } from '@cybertacotruck/contracts';
import { useReservation } from '../../features/reservations/api/get-reservation';
import { useCancelReservation } from '../../features/reservations/api/cancel-reservation';
import { usePaymentTiming } from '../../features/reservations/api/payments-config';
import { priceSummary } from '../../features/reservations/components/price-summary';
import { ReservationStatusPill } from '../../features/reservations/components/reservation-status';
import { useCustomers } from '../../features/customers/api/list-customers';
import { useCustomerVerification } from '../../features/driver-verification/api/get-customer-verification';
import { VerificationReview } from '../../features/driver-verification/components/verification-review';
import { ErrorNotice, Loading } from '../../components/status';
import { formatInZone, formatMoney } from '../../lib/format';
import { RentalPanel } from '../../features/rental/components/rental-panel';
import { OperatorAccessPanel } from '../../features/rental-access/components/operator-access-panel';

/**
 * What a reservation answer carries beyond the fields every version has (payments, readings,
 * charges as the rental lifecycle adds them): shown as they come, so this page needs no change
 * when they arrive.
 */
const EXTRA_SECTIONS: { key: string; title: string }[] = [
  { key: 'payment', title: 'Payment' },
  { key: 'payments', title: 'Payments' },
  { key: 'deposit', title: 'Deposit' },
  { key: 'pickupReadings', title: 'Pickup readings' },
  { key: 'returnReadings', title: 'Return readings' },
  { key: 'readings', title: 'Readings' },
  { key: 'charges', title: 'Charges' },
  { key: 'receipt', title: 'Receipt' },
];

const label = (key: string) => key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

/** A value of unknown shape as a definition list (objects), a list (arrays) or text. */
function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    return items.length === 0 ? (
      <span className="muted">None</span>
    ) : (
      <ul className="rows">
        {items.map((item, i) => (
          <li key={i} className="row">
            <Value value={item} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object')
    return (
      <dl className="facts">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k}>
            <dt>{label(k)}</dt>
            <dd>
              <Value value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  return <span>{typeof value === 'string' ? value : JSON.stringify(value)}</span>;
}

function CancelSection({ reservation }: { reservation: Reservation }) {
  const cancel = useCancelReservation();
  const [reason, setReason] = useState('');
  if (reservation.status !== 'held' && reservation.status !== 'confirmed') return null;
  return (
    <section className="card" aria-labelledby="cancel-heading">
      <div className="card-body">
        <h2 id="cancel-heading">Cancel</h2>
        <p className="muted small">{reservation.cancellation.policy.summary}</p>
        {cancel.isError && <ErrorNotice error={cancel.error} />}
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            cancel.mutate({ id: reservation.id, ...(reason.trim() ? { reason: reason.trim() } : {}) });
          }}
        >
          <div className="field">
            <label htmlFor="cancel-reason">Reason (the customer is told)</label>
            <input
              id="cancel-reason"
              value={reason}
              maxLength={500}
              onChange={(event) => {
                setReason(event.currentTarget.value);
              }}
            />
          </div>
          <button type="submit" className="button button-danger" disabled={cancel.isPending}>
            Cancel reservation
          </button>
        </form>
      </div>
    </section>
  );
}

/** One reservation for the operator: customer, car, dates, status, licence, money, readings, car access, cancel. */
export function OperatorReservationPage() {
  const { id = '' } = useParams();
  const reservation = useReservation(id);
  const r = reservation.data;
  const customers = useCustomers({ enabled: Boolean(r) });
  const customer = customers.data?.items.find((c) => c.id === r?.customerId);
  const verification = useCustomerVerification(r?.customerId);
  const extra = r as unknown as Record<string, unknown> | undefined;
  const timing = usePaymentTiming();
  return (
    <section className="section narrow-wide" aria-labelledby="operator-reservation-heading">
      <p className="eyebrow">
        <Link to="/operator/reservations">Reservations</Link>
      </p>
      {reservation.isPending && <Loading label="Loading the reservation…" />}
      {reservation.isError && <ErrorNotice error={reservation.error} />}
      {r && (
        <>
          <div className="summary-head">
            <h1 id="operator-reservation-heading">{r.vehicle.displayName}</h1>
            <ReservationStatusPill status={r.status} />
          </div>
          <dl className="facts">
            <div>
              <dt>From</dt>
              <dd>{formatInZone(r.from, r.timeZone)}</dd>
            </div>
            <div>
              <dt>To</dt>
              <dd>{formatInZone(r.to, r.timeZone)}</dd>
            </div>
            <div>
              <dt>Customer</dt>
              <dd>
                {customer ? (
                  <>
                    {customer.name} · <a href={`tel:${customer.phone}`}>{customer.phone}</a>
                  </>
                ) : (
                  <span className="mono">{r.customerId}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{timing === 'online' ? 'Payment' : 'Total due'}</dt>
              <dd>{priceSummary(r, timing)}</dd>
            </div>
            <div>
              <dt>Deposit</dt>
              <dd>{formatMoney(r.quote.depositMinor, r.quote.currency)}</dd>
            </div>
            <div>
              <dt>Pickup</dt>
              <dd>
                {r.pickupLocation ? (
                  r.pickupLocation.name
                ) : (
                  <>
                    None: the car has no home location.{' '}
                    <Link to={`/operator/vehicles/${r.vehicleId}`}>Set one</Link>, or tell the renter where.
                  </>
                )}
              </dd>
            </div>
            {r.cancelledAt && (
              <div className="facts-wide">
                <dt>Cancelled</dt>
                <dd>
                  {formatInZone(r.cancelledAt, r.timeZone)} by {r.cancelledBy}
                  {r.cancelReason ? `: ${r.cancelReason}` : ''}
                </dd>
              </div>
            )}
          </dl>
          {verification.isError && <ErrorNotice error={verification.error} />}
          {verification.data && <VerificationReview verification={verification.data} />}
          {EXTRA_SECTIONS.filter((s) => extra?.[s.key] !== undefined).map((s) => (
            <section key={s.key} className="card" aria-label={s.title}>
              <div className="card-body">
                <h2>{s.title}</h2>
                <Value value={extra?.[s.key]} />
              </div>
            </section>
          ))}
          <RentalPanel reservation={r} viewer="operator" />
          <OperatorAccessPanel reservationId={r.id} timeZone={r.timeZone} />
          <CancelSection reservation={r} />
        </>
      )}
    </section>
  );
}
