import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { teslaKeys } from './keys';

export const getUsage = (days: number, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/tesla/usage', { params: { query: { days } }, signal }));

export const usageQuery = (days: number) =>
  queryOptions({
    queryKey: teslaKeys.usage(days),
    queryFn: ({ signal }) => getUsage(days, signal),
    refetchInterval: 30_000,
  });

export const useUsage = (days: number) => useQuery(usageQuery(days));
