import { useState, type SubmitEvent } from 'react';
import type { Rental, Reservation, ReturnCharge, VehicleReadings } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { formatInZone, formatMoney } from '../../../lib/format';
import { useDispute, useMarkHandover, useRental, useRentalPayments } from '../api/rental';

const number = (n: number, digits = 1) => n.toLocaleString(undefined, { maximumFractionDigits: digits });
const or = <T,>(value: T | null, show: (v: T) => string) => (value === null ? '—' : show(value));
const bar = (p: number | null) => (p === null ? '?' : number(p, 2));

const CHARGE_LABEL: Record<ReturnCharge['kind'], string> = {
  distance: 'Distance over the allowance',
  charge: 'Charge below the pick-up level',
  late: 'Late return',
};
const UNIT: Record<ReturnCharge['unit'], string> = { km: 'km', percent: 'points', hour: 'started hours' };

function Readings({ title, readings }: { title: string; readings: VehicleReadings }) {
  const t = readings.tyrePressureBar;
  return (
    <div>
      <h3 className="small">{title}</h3>
      <dl className="facts">
        <div>
          <dt>Odometer</dt>
          <dd>{or(readings.odometerKm, (v) => `${number(v)} km`)}</dd>
        </div>
        <div>
          <dt>Charge</dt>
          <dd>{or(readings.chargePercent, (v) => `${number(v, 0)} %`)}</dd>
        </div>
        <div>
          <dt>Range</dt>
          <dd>{or(readings.rangeKm, (v) => `${number(v, 0)} km`)}</dd>
        </div>
        {/* Four numbers do not fit half a phone's width: the row of its own. */}
        <div className="facts-wide">
          <dt>Tyres (bar)</dt>
          <dd>
            {t
              ? `front ${[t.fl, t.fr].map(bar).join(' / ')} · rear ${[t.rl, t.rr].map(bar).join(' / ')}`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Locked</dt>
          <dd>{or(readings.locked, (v) => (v ? 'Yes' : 'No'))}</dd>
        </div>
        <div>
          <dt>From home</dt>
          <dd>{or(readings.distanceFromHomeM, (v) => `${number(v, 0)} m`)}</dd>
        </div>
      </dl>
    </div>
  );
}

function Charges({ rental }: { rental: Rental }) {
  const r = rental.return;
  if (!r) return null;
  return (
    <div>
      <h3 className="small">Charges at return</h3>
      {r.charges.length === 0 ? (
        <p>No charges: the car came back as agreed.</p>
      ) : (
        <ul className="plain-list">
          {r.charges.map((c) => (
            <li key={c.kind}>
              {CHARGE_LABEL[c.kind]}: {number(c.quantity)} {UNIT[c.unit]} ×{' '}
              {formatMoney(c.rateMinor, c.currency)} ={' '}
              <strong>{formatMoney(c.amountMinor, c.currency)}</strong>
            </li>
          ))}
        </ul>
      )}
      <p>
        Total charged: <strong>{formatMoney(r.totalMinor, r.currency)}</strong>
      </p>
      <DepositOutcome reservationId={rental.reservationId} />
    </div>
  );
}

/** With card payments: what was taken from the deposit held at confirmation, and what was released. */
function DepositOutcome({ reservationId }: { reservationId: string }) {
  const payments = useRentalPayments(reservationId);
  const deposit = payments.data?.items.find((p) => p.purpose === 'deposit');
  if (!deposit) return null;
  const money = (minor: number) => formatMoney(minor, deposit.currency);
  if (deposit.status === 'requires_capture')
    return (
      <p className="muted small">
        The deposit held on your card ({money(deposit.capturableMinor)}) is being settled: the charges are
        taken from it and the rest released.
      </p>
    );
  return (
    <dl className="facts" aria-label="Deposit">
      <div>
        <dt>Taken from the deposit</dt>
        <dd>{money(deposit.capturedMinor)}</dd>
      </div>
      <div>
        <dt>Released to the card</dt>
        <dd>{money(deposit.releasedMinor)}</dd>
      </div>
    </dl>
  );
}

function DisputeForm({ rental }: { rental: Rental }) {
  const dispute = useDispute(rental.reservationId);
  const [message, setMessage] = useState('');
  const apiError = dispute.error instanceof ApiError ? dispute.error : null;
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    dispute.mutate(
      { message: message.trim() },
      {
        onSuccess: () => {
          setMessage('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Dispute the receipt">
      {dispute.isError && !apiError?.fieldMessage('message') && <ErrorNotice error={dispute.error} />}
      {dispute.isSuccess && (
        <p role="status" className="notice">
          Sent: the rental team will get back to you.
        </p>
      )}
      <Field label="What is wrong with the receipt?" error={apiError?.fieldMessage('message')}>
        {(a) => (
          <textarea
            {...a}
            rows={3}
            maxLength={2000}
            value={message}
            onChange={(e) => {
              setMessage(e.target.value);
            }}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={dispute.isPending || message.trim() === ''}>
        {dispute.isPending ? 'Sending…' : 'Dispute'}
      </button>
    </form>
  );
}

/**
 * The rental after confirmation: the readings at pickup and return and the charges. The operator
 * marks the pickup and the return here; the renter may dispute the receipt.
 */
export function RentalPanel({
  reservation,
  viewer,
}: {
  reservation: Reservation;
  viewer: 'customer' | 'operator';
}) {
  const live = ['picked_up', 'returned', 'no_show'].includes(reservation.status);
  const rental = useRental(reservation.id, live || viewer === 'operator');
  const pickup = useMarkHandover('pickup');
  const giveBack = useMarkHandover('return');
  const status = rental.data?.status ?? reservation.status;
  if (!live && viewer === 'customer') return null;
  return (
    <section className="card" aria-labelledby="rental-heading">
      <div className="card-body">
        <h2 id="rental-heading">Pickup and return</h2>
        {rental.isError && <ErrorNotice error={rental.error} />}
        {rental.data?.noShowAt && (
          <p>Not collected: marked a no-show {formatInZone(rental.data.noShowAt, reservation.timeZone)}.</p>
        )}
        {rental.data?.pickup && (
          <Readings
            title={`Picked up ${formatInZone(rental.data.pickup.at, reservation.timeZone)}`}
            readings={rental.data.pickup.readings}
          />
        )}
        {rental.data?.return && (
          <Readings
            title={`Returned ${formatInZone(rental.data.return.at, reservation.timeZone)}${rental.data.return.by === 'automatic' ? ' (seen back home)' : ''}`}
            readings={rental.data.return.readings}
          />
        )}
        {rental.data && <Charges rental={rental.data} />}
        {viewer === 'operator' && (
          <>
            {(pickup.isError || giveBack.isError) && <ErrorNotice error={pickup.error ?? giveBack.error} />}
            {status === 'confirmed' && (
              <button
                type="button"
                className="button button-primary"
                disabled={pickup.isPending}
                onClick={() => {
                  pickup.mutate(reservation.id);
                }}
              >
                {pickup.isPending ? 'Reading the car…' : 'Mark picked up'}
              </button>
            )}
            {status === 'picked_up' && (
              <button
                type="button"
                className="button button-primary"
                disabled={giveBack.isPending}
                onClick={() => {
                  giveBack.mutate(reservation.id);
                }}
              >
                {giveBack.isPending ? 'Reading the car…' : 'Mark returned'}
              </button>
            )}
            {rental.data && rental.data.disputes.length > 0 && (
              <div>
                <h3 className="small">Disputes</h3>
                <ul className="plain-list">
                  {rental.data.disputes.map((d) => (
                    <li key={d.id}>
                      {formatInZone(d.createdAt, reservation.timeZone)}: {d.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
        {viewer === 'customer' && rental.data?.return && <DisputeForm rental={rental.data} />}
      </div>
    </section>
  );
}
