import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  IDEMPOTENCY_KEY_HEADER,
  type ConfirmReservationBody,
  type Reservation,
} from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { reservationKeys } from './keys';

/** The customer accepts the terms of `termsVersion`: the hold becomes a confirmed reservation. */
export const confirmReservation = (
  id: string,
  body: ConfirmReservationBody,
  idempotencyKey: string,
): Promise<Reservation> =>
  apiRequest<Reservation>(`/reservations/${encodeURIComponent(id)}/confirm`, {
    method: 'POST',
    body,
    headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
  });

const intentOf = (id: string, termsVersion: number) => `confirm:${id}:${termsVersion}`;

export function useConfirmReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, termsVersion }: { id: string; termsVersion: number }) =>
      confirmReservation(
        id,
        { termsVersion, acceptTerms: true },
        idempotencyKeyFor(intentOf(id, termsVersion)),
      ),
    onSuccess: (reservation, { id, termsVersion }) => {
      forgetIntent(intentOf(id, termsVersion));
      queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation);
      return queryClient.invalidateQueries({ queryKey: reservationKeys.lists });
    },
  });
}
