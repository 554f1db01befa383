import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  IDEMPOTENCY_KEY_HEADER,
  type ConfirmReservationBody,
  type PaymentActionRequired,
  type PaymentInput,
  type Reservation,
} from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { reservationKeys } from './keys';

/**
 * The customer accepts the terms of `termsVersion` and pays: the hold becomes a confirmed
 * reservation, or (202) the card asks for 3-D Secure first.
 */
export const confirmReservation = (id: string, body: ConfirmReservationBody, idempotencyKey: string) =>
  unwrap(
    api.POST('/api/v1/reservations/{id}/confirm', {
      params: { path: { id }, header: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } },
      body,
    }),
  ) as Promise<Reservation | PaymentActionRequired>;

// A new card, or coming back from 3-D Secure, is a new intent (a declined card's answer is kept under its key).
const intentOf = (id: string, termsVersion: number, payment: PaymentInput | undefined) =>
  `confirm:${id}:${termsVersion}:${payment?.paymentMethod ?? 'resume'}`;

export const isPaymentAction = (
  answer: Reservation | PaymentActionRequired,
): answer is PaymentActionRequired => 'redirectUrl' in answer;

export function useConfirmReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      termsVersion,
      payment,
    }: {
      id: string;
      termsVersion: number;
      payment?: PaymentInput;
    }) =>
      confirmReservation(
        id,
        { termsVersion, acceptTerms: true, ...(payment ? { payment } : {}) },
        idempotencyKeyFor(intentOf(id, termsVersion, payment)),
      ),
    onSettled: (_answer, error, { id, termsVersion, payment }) => {
      // Answered (success, 3-D Secure, decline): the next try is a new request. A lost answer keeps the key.
      if (!error || (error as { status?: number }).status !== undefined)
        forgetIntent(intentOf(id, termsVersion, payment));
    },
    onSuccess: (answer) => {
      if (isPaymentAction(answer)) return;
      queryClient.setQueryData(reservationKeys.detail(answer.id), answer);
      return queryClient.invalidateQueries({ queryKey: reservationKeys.lists });
    },
  });
}
