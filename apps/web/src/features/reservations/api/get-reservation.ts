import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Reservation } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { reservationKeys } from './keys';

export const getReservation = (id: string, signal?: AbortSignal): Promise<Reservation> =>
  apiRequest<Reservation>(`/reservations/${encodeURIComponent(id)}`, signal ? { signal } : {});

export const reservationQuery = (id: string) =>
  queryOptions({
    queryKey: reservationKeys.detail(id),
    queryFn: ({ signal }) => getReservation(id, signal),
  });

export const useReservation = (id: string) => useQuery(reservationQuery(id));
