import { queryOptions, useQuery } from '@tanstack/react-query';
import type { UsageReport } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { teslaKeys } from './keys';

export const getUsage = (days: number, signal?: AbortSignal): Promise<UsageReport> =>
  apiRequest<UsageReport>('/tesla/usage', { query: { days }, ...(signal ? { signal } : {}) });

export const usageQuery = (days: number) =>
  queryOptions({
    queryKey: teslaKeys.usage(days),
    queryFn: ({ signal }) => getUsage(days, signal),
    refetchInterval: 30_000,
  });

export const useUsage = (days: number) => useQuery(usageQuery(days));
