import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AlertListQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Operator alerts: low charge before a pickup, offline or silent during a rental. */
export const listAlerts = (query: AlertListQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/notifications/alerts', { params: { query }, signal }));

export const alertsQuery = (query: AlertListQuery) =>
  queryOptions({
    queryKey: notificationKeys.alerts(query),
    queryFn: ({ signal }) => listAlerts(query, signal),
    placeholderData: keepPreviousData,
  });

export const useAlerts = (query: AlertListQuery) => useQuery(alertsQuery(query));
