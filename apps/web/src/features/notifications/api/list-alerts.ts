import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AlertList, AlertListQuery } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Operator alerts: low charge before a pickup, offline or silent during a rental. */
export const listAlerts = (query: AlertListQuery, signal?: AbortSignal): Promise<AlertList> =>
  apiRequest<AlertList>('/notifications/alerts', { query, ...(signal ? { signal } : {}) });

export const alertsQuery = (query: AlertListQuery) =>
  queryOptions({
    queryKey: notificationKeys.alerts(query),
    queryFn: ({ signal }) => listAlerts(query, signal),
    placeholderData: keepPreviousData,
  });

export const useAlerts = (query: AlertListQuery) => useQuery(alertsQuery(query));
