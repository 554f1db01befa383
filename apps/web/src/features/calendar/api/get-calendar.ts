import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ClaimsQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

export const calendarKeys = {
  all: ['calendar'] as const,
  window: (query: ClaimsQuery) => ['calendar', 'window', query] as const,
};

/** Every claim on the fleet (holds, bookings, maintenance; every status) overlapping [from, to). */
export const getCalendar = (query: ClaimsQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/calendar', { params: { query }, signal }));

export const calendarQuery = (query: ClaimsQuery) =>
  queryOptions({
    queryKey: calendarKeys.window(query),
    queryFn: ({ signal }) => getCalendar(query, signal),
    refetchInterval: 30_000,
    // The operator's view of bookings made elsewhere: opening it always asks again (the cached
    // timeline shows meanwhile), never a window up to 15 s old.
    staleTime: 0,
  });

export const useCalendar = (query: ClaimsQuery) => useQuery(calendarQuery(query));
