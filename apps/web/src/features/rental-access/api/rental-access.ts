import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RenterCommandRequest } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

export const accessKeys = {
  renter: (reservationId: string) => ['rental-access', reservationId] as const,
};

export const getRenterAccess = (reservationId: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/rentals/{reservationId}/access', { params: { path: { reservationId } }, signal }));

/** The renter's car key and command window; asked again every 30 s (the key arrives a lead before pickup). */
export const renterAccessQuery = (reservationId: string) =>
  queryOptions({
    queryKey: accessKeys.renter(reservationId),
    queryFn: ({ signal }) => getRenterAccess(reservationId, signal),
    refetchInterval: 30_000,
    retry: false,
  });

export const useRenterAccess = (reservationId: string) => useQuery(renterAccessQuery(reservationId));

export const sendRenterCommand = (reservationId: string, body: RenterCommandRequest) =>
  unwrap(api.POST('/api/v1/rentals/{reservationId}/commands', { params: { path: { reservationId } }, body }));

export function useRenterCommand(reservationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RenterCommandRequest) => sendRenterCommand(reservationId, body),
    onSettled: () => client.invalidateQueries({ queryKey: accessKeys.renter(reservationId) }),
  });
}

export const operatorAccessKeys = {
  ofReservation: (reservationId: string) => ['rental-access', 'operator', reservationId] as const,
  ofVehicle: (vehicleId: string) => ['rental-access', 'operator', 'vehicle', vehicleId] as const,
};

/** The operator's view of one reservation's car access (one row, or none before confirmation). */
export const getReservationAccess = async (reservationId: string, signal?: AbortSignal) =>
  (
    await unwrap(api.GET('/api/v1/rentals/access', { params: { query: { reservationId } }, signal }))
  ).items.at(0) ?? null;

/** Asked again every 10 s while a step is due or being retried (the worker moves it on its own). */
export const reservationAccessQuery = (reservationId: string) =>
  queryOptions({
    queryKey: operatorAccessKeys.ofReservation(reservationId),
    queryFn: ({ signal }) => getReservationAccess(reservationId, signal),
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state === 'revoked' || state === 'closed' ? false : 10_000;
    },
  });

export const useReservationAccess = (reservationId: string) =>
  useQuery(reservationAccessQuery(reservationId));

/** The car's accesses not yet ended (renters who have, or are about to get, its key). */
export const vehicleAccessQuery = (vehicleId: string) =>
  queryOptions({
    queryKey: operatorAccessKeys.ofVehicle(vehicleId),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET('/api/v1/rentals/access', { params: { query: { vehicleId, open: true } }, signal }),
        )
      ).items,
    refetchInterval: 30_000,
  });

export const useVehicleAccess = (vehicleId: string) => useQuery(vehicleAccessQuery(vehicleId));

/** The operator ends a renter's access now; the worker revokes the invitation and removes the driver. */
export function useRevokeAccess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reservationId: string) =>
      unwrap(
        api.POST('/api/v1/rentals/{reservationId}/access/revoke', { params: { path: { reservationId } } }),
      ),
    onSuccess: (access) => {
      client.setQueryData(operatorAccessKeys.ofReservation(access.reservationId), access);
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['rental-access', 'operator'] }),
  });
}
