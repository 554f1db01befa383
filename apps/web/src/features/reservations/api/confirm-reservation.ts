import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_KEY_HEADER, type ConfirmReservationBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { reservationKeys } from './keys';

/** The customer accepts the terms of `termsVersion`: the hold becomes a confirmed reservation. */
export const confirmReservation = (id: string, body: ConfirmReservationBody, idempotencyKey: string) =>
  unwrap(
    api.POST('/api/v1/reservations/{id}/confirm', {
      params: { path: { id }, header: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } },
      body,
    }),
  );

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
