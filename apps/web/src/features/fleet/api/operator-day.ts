import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';

export const operatorDayKeys = {
  day: (timeZone: string) => ['fleet', 'day', timeZone] as const,
};

/** The operator's day: counts by status, today's and tomorrow's pickups and returns, utilisation. */
export const getOperatorDay = (timeZone: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/fleet/day', { params: { query: { timeZone } }, signal }));

export const operatorDayQuery = (timeZone: string) =>
  queryOptions({
    queryKey: operatorDayKeys.day(timeZone),
    queryFn: ({ signal }) => getOperatorDay(timeZone, signal),
    staleTime: 0,
  });

export const useOperatorDay = (timeZone: string) => useQuery(operatorDayQuery(timeZone));
