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
