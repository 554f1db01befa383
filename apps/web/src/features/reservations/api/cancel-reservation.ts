import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_KEY_HEADER, type CancelReservationBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { reservationKeys } from './keys';

/** Cancels a held or confirmed reservation; a customer may only while `cancellation.allowed`. */
export const cancelReservation = (id: string, body: CancelReservationBody, idempotencyKey: string) =>
  unwrap(
    api.POST('/api/v1/reservations/{id}/cancel', {
      params: { path: { id }, header: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } },
      body,
    }),
  );

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
