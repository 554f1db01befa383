import { useState, type SubmitEvent } from 'react';
import { ProblemTypes, type Reservation } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { formatInZone } from '../../../lib/format';
import { useCancelReservation } from '../api/cancel-reservation';

/**
 * Cancelling, with the policy shown first and a second step to confirm. When the customer may no
 * longer cancel, it says why and until when it was free.
 */
export function CancelPanel({ reservation }: { reservation: Reservation }) {
  const cancel = useCancelReservation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { cancellation, timeZone } = reservation;
  const freeUntil = formatInZone(cancellation.freeUntil, timeZone);
  const windowClosed =
    !cancellation.allowed ||
    (cancel.error instanceof ApiError && cancel.error.type === ProblemTypes.cancellationWindowClosed);

  if (windowClosed)
    return (
      <section className="policy" aria-labelledby="cancel-heading">
        <h2 id="cancel-heading" className="policy-title">
          Cancellation
        </h2>
        <p>
          <strong>This reservation can no longer be cancelled online.</strong> Free cancellation ended{' '}
          {freeUntil}.
        </p>
        {reservation.contactPhone && (
          <p>
            To cancel or change it, contact the operator:{' '}
            <a href={`tel:${reservation.contactPhone}`}>{reservation.contactPhone}</a>
          </p>
        )}
        <p className="muted small">{cancellation.policy.summary}</p>
      </section>
    );

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = reason.trim();
    cancel.mutate({ id: reservation.id, ...(trimmed ? { reason: trimmed } : {}) });
  };
  const apiError = cancel.error instanceof ApiError ? cancel.error : null;

  return (
    <section className="policy" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading" className="policy-title">
        Cancellation
      </h2>
      <p>{cancellation.policy.summary}</p>
      <p className="policy-deadline">
        Free cancellation until <strong>{freeUntil}</strong>
      </p>
      {asking ? (
        <form className="cancel-confirm" onSubmit={submit} noValidate>
          <p>
            <strong>Cancel {reservation.vehicle.displayName}?</strong> The car goes back to the fleet and this
            cannot be undone.
          </p>
          {cancel.isError && <ErrorNotice error={cancel.error} />}
          <Field label="Reason (optional)" error={apiError?.fieldMessage('reason')}>
            {(a) => (
              <input
                {...a}
                value={reason}
                maxLength={500}
                onChange={(e) => {
                  setReason(e.target.value);
                }}
              />
            )}
          </Field>
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={cancel.isPending}>
              {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setAsking(false);
              }}
            >
              Keep it
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            setAsking(true);
          }}
        >
          Cancel reservation
        </button>
      )}
    </section>
  );
}
