import { useState, type SubmitEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ProblemTypes, type Reservation, type Terms } from '@cybertacotruck/contracts';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { formatMoney } from '../../../lib/format';
import { useConfirmReservation } from '../api/confirm-reservation';
import { reservationKeys } from '../api/keys';

interface ConfirmFormProps {
  reservation: Reservation;
  terms: Terms;
  holdLapsed: boolean;
  onConfirmed: (reservation: Reservation) => void;
}

/** "I accept the terms" and the button that turns the hold into a reservation. */
export function ConfirmForm({ reservation, terms, holdLapsed, onConfirmed }: ConfirmFormProps) {
  const queryClient = useQueryClient();
  const confirm = useConfirmReservation();
  const [accepted, setAccepted] = useState(false);
  const [missing, setMissing] = useState(false);
  const problem = confirm.error instanceof ApiError ? confirm.error.type : null;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!accepted) {
      setMissing(true);
      return;
    }
    confirm.mutate(
      { id: reservation.id, termsVersion: terms.version },
      {
        onSuccess: onConfirmed,
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          // New terms were published while the customer read: show them, and ask again.
          if (error.type === ProblemTypes.termsOutdated) {
            setAccepted(false);
            void queryClient.invalidateQueries({ queryKey: reservationKeys.terms });
          }
          if (error.type === ProblemTypes.holdExpired || error.type === ProblemTypes.reservationNotHeld)
            void queryClient.invalidateQueries({ queryKey: reservationKeys.detail(reservation.id) });
        },
      },
    );
  };

  return (
    <form className="form confirm-form" onSubmit={submit} noValidate>
      {problem === ProblemTypes.termsOutdated ? (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>The terms were updated while you were reading.</strong> Please read version{' '}
            {terms.version} above and accept it to confirm.
          </p>
        </div>
      ) : (
        confirm.isError && <ErrorNotice error={confirm.error} />
      )}
      <div className="accept-field">
        <label className="switch accept">
          <input
            type="checkbox"
            checked={accepted}
            aria-invalid={missing && !accepted}
            aria-describedby={missing && !accepted ? 'accept-error' : undefined}
            onChange={(e) => {
              setAccepted(e.target.checked);
            }}
          />
          <span>I accept the terms (version {terms.version}) and the cancellation policy</span>
        </label>
        {missing && !accepted && (
          <p className="field-error" id="accept-error">
            Tick the box to accept the terms before confirming.
          </p>
        )}
      </div>
      <button className="button button-primary" type="submit" disabled={confirm.isPending || holdLapsed}>
        {confirm.isPending
          ? 'Confirming…'
          : `Confirm reservation · ${formatMoney(reservation.quote.totalDueMinor, reservation.quote.currency)}`}
      </button>
      <p className="muted small">Nothing is charged now: the total is taken at pick-up.</p>
    </form>
  );
}
