import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_KEY_HEADER, type MaintenanceBody, type MoveClaimBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { forgetIntent, idempotencyKeyFor } from '../../../lib/idempotency';
import { calendarKeys } from './get-calendar';

export const vehicleClaimsKeys = {
  vehicle: (id: string) => ['calendar', 'vehicle', id] as const,
};

/** One vehicle's claims from a day ago onwards (the operator's per-vehicle calendar). */
export const vehicleClaimsQuery = (vehicleId: string) =>
  queryOptions({
    queryKey: vehicleClaimsKeys.vehicle(vehicleId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/vehicles/{id}/claims', {
          params: {
            path: { id: vehicleId },
            query: { from: new Date(Date.now() - 86_400_000).toISOString() },
          },
          signal,
        }),
      ),
    staleTime: 0,
  });

export const useVehicleClaims = (vehicleId: string) => useQuery(vehicleClaimsQuery(vehicleId));

/** Every change to a vehicle's calendar: its list and the fleet timeline ask again. */
function useCalendarMutation<A, R>(vehicleId: string, run: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: vehicleClaimsKeys.vehicle(vehicleId) });
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
    },
  });
}

export const useAddMaintenance = (vehicleId: string) =>
  useCalendarMutation(vehicleId, (body: MaintenanceBody) =>
    unwrap(api.POST('/api/v1/vehicles/{id}/maintenance', { params: { path: { id: vehicleId } }, body })),
  );

/** Frees the period of a maintenance block. */
export const useRemoveClaim = (vehicleId: string) =>
  useCalendarMutation(vehicleId, (claimId: string) =>
    unwrap(api.DELETE('/api/v1/claims/{id}', { params: { path: { id: claimId } } })),
  );

/** The operator cancels a booking through its reservation (the reservation service frees the car). */
export const useCancelBooking = (vehicleId: string) =>
  useCalendarMutation(vehicleId, async (reservationId: string) => {
    const intent = `operator-cancel:${reservationId}`;
    const cancelled = await unwrap(
      api.POST('/api/v1/reservations/{id}/cancel', {
        params: {
          path: { id: reservationId },
          header: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKeyFor(intent) },
        },
        body: { reason: 'Cancelled by the operator' },
      }),
    );
    forgetIntent(intent);
    return cancelled;
  });

/** Moves a booking through its reservation; the calendar refuses an overlap (409 vehicle-unavailable). */
export const useMoveBooking = (vehicleId: string) =>
  useCalendarMutation(vehicleId, ({ reservationId, body }: { reservationId: string; body: MoveClaimBody }) =>
    unwrap(api.POST('/api/v1/reservations/{id}/move', { params: { path: { id: reservationId } }, body })),
  );
