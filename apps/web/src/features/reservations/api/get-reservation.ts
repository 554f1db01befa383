import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { reservationKeys } from './keys';

export const getReservation = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/reservations/{id}', { params: { path: { id } }, signal }));

export const reservationQuery = (id: string) =>
  queryOptions({
    queryKey: reservationKeys.detail(id),
    queryFn: ({ signal }) => getReservation(id, signal),
  });

export const useReservation = (id: string) => useQuery(reservationQuery(id));
