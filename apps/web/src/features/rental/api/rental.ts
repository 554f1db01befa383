import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DisputeBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

export const rentalKeys = {
  rental: (id: string) => ['reservations', 'rental', id] as const,
  disputes: ['reservations', 'disputes'] as const,
};

/** A reservation's rental: readings at pickup and return, the charges, disputes. */
export const getRental = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/reservations/{id}/rental', { params: { path: { id } }, signal }));

export const rentalQuery = (id: string) =>
  queryOptions({ queryKey: rentalKeys.rental(id), queryFn: ({ signal }) => getRental(id, signal) });

export const useRental = (id: string, enabled = true) => useQuery({ ...rentalQuery(id), enabled });

const markPickup = (id: string) =>
  unwrap(api.POST('/api/v1/reservations/{id}/pickup', { params: { path: { id } } }));
const markReturn = (id: string) =>
  unwrap(api.POST('/api/v1/reservations/{id}/return', { params: { path: { id } } }));

/** The operator marks the car picked up or returned; a repeat answers the same rental. */
export function useMarkHandover(kind: 'pickup' | 'return') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => (kind === 'pickup' ? markPickup(id) : markReturn(id)),
    onSuccess: (rental) => {
      queryClient.setQueryData(rentalKeys.rental(rental.reservationId), rental);
      // The reservation's status and every list it appears in (the reservations feature's keys start so).
      return queryClient.invalidateQueries({ queryKey: ['reservations'] });
    },
  });
}

/** The renter disputes their receipt: a message stored for the operators. */
export function useDispute(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DisputeBody) =>
      unwrap(api.POST('/api/v1/reservations/{id}/disputes', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rentalKeys.rental(id) }),
  });
}

export const useDisputes = () =>
  useQuery({
    queryKey: rentalKeys.disputes,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/disputes', { signal })),
  });

/** A reservation's payments (rental, deposit) and their totals, asked after the return: what the deposit became. */
export const useRentalPayments = (id: string, enabled = true) =>
  useQuery({
    queryKey: ['reservations', 'payments', id] as const,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reservations/{id}/payments', { params: { path: { id } }, signal })),
    enabled,
    // Asked once the car is back: the deposit is settled by the payments worker soon after.
    refetchInterval: (query) =>
      query.state.data?.items.some((p) => p.purpose === 'deposit' && p.status === 'requires_capture')
        ? 3_000
        : false,
  });
