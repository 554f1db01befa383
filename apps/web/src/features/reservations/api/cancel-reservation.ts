import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  IDEMPOTENCY_KEY_HEADER,
  type CancelReservationBody,
  type Reservation,
} from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { reservationKeys } from './keys';

/** Cancels a held or confirmed reservation; a customer may only while `cancellation.allowed`. */
export const cancelReservation = (
  id: string,
  body: CancelReservationBody,
  idempotencyKey: string,
): Promise<Reservation> =>
  apiRequest<Reservation>(`/reservations/${encodeURIComponent(id)}/cancel`, {
    method: 'POST',
    body,
    headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
  });

export function useCancelReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason?: string }) =>
      cancelReservation(id, reason ? { reason } : {}, idempotencyKeyFor(`cancel:${id}`)),
    onSuccess: (reservation, { id }) => {
      forgetIntent(`cancel:${id}`);
      queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: reservationKeys.lists }),
        queryClient.invalidateQueries({ queryKey: ['reservations', 'availability'] }),
      ]);
    },
  });
}
