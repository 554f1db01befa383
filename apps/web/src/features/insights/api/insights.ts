import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InsightsWindow } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

export const insightsKeys = {
  window: (days: InsightsWindow) => ['insights', days] as const,
};

/** The business numbers over the last `days` days. */
export const getInsights = (days: InsightsWindow, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/insights', { params: { query: { days } }, signal }));

export const insightsQuery = (days: InsightsWindow) =>
  queryOptions({
    queryKey: insightsKeys.window(days),
    queryFn: ({ signal }) => getInsights(days, signal),
    staleTime: 60_000,
  });

export const useInsights = (days: InsightsWindow) => useQuery(insightsQuery(days));

/** The CSV of the same window, downloaded by the browser with the session cookie. */
export const insightsCsvUrl = (days: InsightsWindow) => `/api/v1/insights/daily.csv?days=${String(days)}`;
