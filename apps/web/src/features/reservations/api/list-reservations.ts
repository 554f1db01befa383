import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ReservationListQuery, ReservationScope } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { reservationKeys } from './keys';

/** A customer's own reservations by scope; an operator's view of everyone's, by filters. */
export const listReservations = (query: ReservationListQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/reservations', { params: { query }, signal }));

export const reservationsQuery = (query: ReservationListQuery) =>
  queryOptions({
    queryKey: reservationKeys.list(query),
    queryFn: ({ signal }) => listReservations(query, signal),
    // The operator's timeline joins it to the calendar: both are asked again whenever it opens.
    staleTime: 0,
  });

export const useReservations = (query: ReservationListQuery) => useQuery(reservationsQuery(query));

const PAGE = 20;

/** "My reservations": one scope, a page at a time. */
export const myReservationsQuery = (scope: ReservationScope) =>
  infiniteQueryOptions({
    queryKey: reservationKeys.mine(scope),
    queryFn: ({ pageParam, signal }) => listReservations({ scope, limit: PAGE, offset: pageParam }, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset,
  });

export const useMyReservations = (scope: ReservationScope) => useInfiniteQuery(myReservationsQuery(scope));
