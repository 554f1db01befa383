import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_KEY_HEADER, type CreateReservationBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { reservationKeys } from './keys';

/** Holds the vehicle for the customer (status `held`) until they accept the terms or the hold lapses. */
export const createReservation = (body: CreateReservationBody, idempotencyKey: string) =>
  unwrap(
    api.POST('/api/v1/reservations', {
      params: { header: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } },
      body,
    }),
  );

const intentOf = (body: CreateReservationBody) => `hold:${body.vehicleId}:${body.from}:${body.to}`;

export function useCreateReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    // The same car and dates asked again (a retry after a lost answer) reuse the key.
    mutationFn: (body: CreateReservationBody) => createReservation(body, idempotencyKeyFor(intentOf(body))),
    onSuccess: (reservation, body) => {
      forgetIntent(intentOf(body));
      queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation);
      return queryClient.invalidateQueries({ queryKey: reservationKeys.lists });
    },
  });
}
