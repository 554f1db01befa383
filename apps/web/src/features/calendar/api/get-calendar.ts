import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ClaimList, ClaimsQuery } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';

export const calendarKeys = {
  all: ['calendar'] as const,
  window: (query: ClaimsQuery) => ['calendar', 'window', query] as const,
};

/** Every claim on the fleet (holds, bookings, maintenance; every status) overlapping [from, to). */
export const getCalendar = (query: ClaimsQuery, signal?: AbortSignal): Promise<ClaimList> =>
  apiRequest<ClaimList>('/calendar', { query, ...(signal ? { signal } : {}) });

export const calendarQuery = (query: ClaimsQuery) =>
  queryOptions({
    queryKey: calendarKeys.window(query),
    queryFn: ({ signal }) => getCalendar(query, signal),
    refetchInterval: 30_000,
  });

export const useCalendar = (query: ClaimsQuery) => useQuery(calendarQuery(query));
