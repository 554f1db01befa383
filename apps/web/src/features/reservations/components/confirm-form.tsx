import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ProblemTypes, type PaymentInput, type Reservation, type Terms } from '@cybertacotruck/contracts';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { formatMoney } from '../../../lib/format';
import { isPaymentAction, useConfirmReservation } from '../api/confirm-reservation';
import { reservationKeys } from '../api/keys';
import { usePaymentsConfig } from '../api/payments-config';
import { loadStripeJs } from '../api/stripe-js';
import { CardPaymentError, openCardSession, type CardFieldState, type CardSession } from './card-session';
import '../stripe-card.css';

/** Where the 3-D Secure page sends the renter back to: this page, which then confirms again. */
const returnUrlFor = (id: string) => `${window.location.origin}/reservations/${id}?payment=return`;
const pendingKey = (id: string) => `payment-pending:${id}`;
const digits = (text: string) => text.replace(/[\s-]/g, '');

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
  const payments = usePaymentsConfig();
  // Back from the 3-D Secure page: the terms were accepted before leaving.
  const [returning] = useState(
    () =>
      new URLSearchParams(window.location.search).get('payment') === 'return' &&
      sessionStorage.getItem(pendingKey(reservation.id)) === String(terms.version),
  );
  const [accepted, setAccepted] = useState(returning);
  const [missing, setMissing] = useState(false);
  const [card, setCard] = useState('');
  const [cardError, setCardError] = useState<string | null>(null);
  const problem = confirm.error instanceof ApiError ? confirm.error.type : null;
  const mode = payments.data?.mode ?? null;
  const publishableKey = payments.data?.publishableKey ?? null;
  const { quote } = reservation;
  // Real Stripe: its card field in this box, Stripe.js loaded only now (never for the simulator).
  const cardBox = useRef<HTMLDivElement>(null);
  const [cardSession, setCardSession] = useState<CardSession | null>(null);
  const [cardField, setCardField] = useState<CardFieldState>({ complete: false, error: null });
  const [stripeFailed, setStripeFailed] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  useEffect(() => {
    const box = cardBox.current;
    if (mode !== 'stripe' || !publishableKey || !box) return;
    let gone = false;
    let opened: CardSession | null = null;
    void openCardSession(loadStripeJs, publishableKey, box, setCardField).then(
      (session) => {
        if (gone) session.close();
        else {
          opened = session;
          setCardSession(session);
        }
      },
      (error: unknown) => {
        if (!gone) setStripeFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      gone = true;
      opened?.close();
    };
  }, [mode, publishableKey]);

  const send = (payment: PaymentInput | undefined) => {
    confirm.mutate(
      { id: reservation.id, termsVersion: terms.version, ...(payment ? { payment } : {}) },
      {
        onSuccess: (answer) => {
          if (isPaymentAction(answer)) {
            // The card's issuer asks the renter to authenticate; its page comes back here.
            sessionStorage.setItem(pendingKey(reservation.id), String(terms.version));
            window.location.assign(answer.redirectUrl);
            return;
          }
          sessionStorage.removeItem(pendingKey(reservation.id));
          onConfirmed(answer);
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          // New terms were published while the customer read: show them, and ask again.
          if (error.type === ProblemTypes.termsOutdated) {
            setAccepted(false);
            void queryClient.invalidateQueries({ queryKey: reservationKeys.terms });
          }
          if (error.type === ProblemTypes.holdExpired || error.type === ProblemTypes.reservationNotHeld)
            void queryClient.invalidateQueries({ queryKey: reservationKeys.detail(reservation.id) });
          if (error.type === ProblemTypes.paymentDeclined)
            sessionStorage.removeItem(pendingKey(reservation.id));
        },
      },
    );
  };

  // Back from the 3-D Secure page: confirm again without a card; the server goes on where it stopped.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || !returning) return;
    resumed.current = true;
    window.history.replaceState(null, '', `/reservations/${reservation.id}`);
    send(undefined);
    // Once, when the page opens after the redirect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!accepted) {
      setMissing(true);
      return;
    }
    if (mode === 'simulator') {
      const number = digits(card);
      const test = payments.data?.testCards.find((c) => c.number === number);
      if (!test) {
        setCardError(
          number === ''
            ? 'Enter the card number.'
            : 'This is the payment simulator: use one of its test cards, e.g. 4242 4242 4242 4242.',
        );
        return;
      }
      setCardError(null);
      send({ paymentMethod: test.paymentMethod, returnUrl: returnUrlFor(reservation.id) });
      return;
    }
    if (mode === 'stripe') {
      if (!cardSession) {
        setCardError(stripeFailed ?? 'The card form is still loading.');
        return;
      }
      // The card becomes a PaymentMethod at Stripe; only its id reaches this app's server.
      setReading(true);
      cardSession
        .paymentMethod()
        .then(
          (paymentMethod) => {
            setCardError(null);
            send({ paymentMethod, returnUrl: returnUrlFor(reservation.id) });
          },
          (error: unknown) => {
            setCardError(error instanceof CardPaymentError ? error.message : 'The card could not be read.');
          },
        )
        .finally(() => {
          setReading(false);
        });
      return;
    }
    send(undefined);
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
      {mode === 'simulator' && (
        <div className="field">
          <label htmlFor="card-number">Card number</label>
          <input
            id="card-number"
            name="card-number"
            inputMode="numeric"
            autoComplete="cc-number"
            value={card}
            aria-invalid={cardError !== null}
            aria-describedby={cardError ? 'card-error card-hint' : 'card-hint'}
            onChange={(e) => {
              setCard(e.target.value);
            }}
          />
          <p className="muted small" id="card-hint">
            Payment simulator: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined, 4000 0000 0000 3220
            asks for 3-D Secure.
          </p>
          {cardError && (
            <p className="field-error" id="card-error">
              {cardError}
            </p>
          )}
        </div>
      )}
      {mode === 'stripe' && (
        <div className="field">
          <span className="stripe-card-label" id="card-label">
            Card
          </span>
          {publishableKey ? (
            <div
              ref={cardBox}
              className="stripe-card"
              role="group"
              aria-labelledby="card-label"
              aria-describedby={cardError || cardField.error ? 'card-error' : undefined}
              aria-invalid={Boolean(cardError ?? cardField.error)}
            />
          ) : (
            <p className="notice notice-error" role="alert">
              Card payments are not set up on this site yet (no Stripe publishable key): the reservation
              cannot be paid. Please contact the rental team.
            </p>
          )}
          {stripeFailed && (
            <p className="field-error" role="alert">
              {stripeFailed}
            </p>
          )}
          {(cardError ?? cardField.error) && (
            <p className="field-error" id="card-error">
              {cardError ?? cardField.error}
            </p>
          )}
        </div>
      )}
      <button
        className="button button-primary"
        type="submit"
        disabled={
          confirm.isPending ||
          holdLapsed ||
          payments.isPending ||
          reading ||
          (mode === 'stripe' && (!publishableKey || stripeFailed !== null))
        }
      >
        {confirm.isPending || reading
          ? 'Confirming…'
          : mode === 'off'
            ? `Confirm reservation · ${formatMoney(quote.totalDueMinor, quote.currency)}`
            : `Confirm reservation · pay ${formatMoney(quote.subtotalMinor, quote.currency)}`}
      </button>
      <p className="muted small">
        {mode === 'off'
          ? 'Nothing is charged now: the total is taken at pick-up.'
          : `The rental (${formatMoney(quote.subtotalMinor, quote.currency)}) is charged now. A refundable deposit of ${formatMoney(quote.depositMinor, quote.currency)} is held on your card and released after the return, less any charges.`}
      </p>
    </form>
  );
}
