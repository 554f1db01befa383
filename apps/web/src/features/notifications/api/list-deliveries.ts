import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { DeliveryListQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** The delivery log (operator): one row per message × channel × recipient, newest first. */
export const listDeliveries = (query: DeliveryListQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/notifications/deliveries', { params: { query }, signal }));

export const deliveriesQuery = (query: DeliveryListQuery) =>
  queryOptions({
    queryKey: notificationKeys.deliveryList(query),
    queryFn: ({ signal }) => listDeliveries(query, signal),
    placeholderData: keepPreviousData,
  });

export const useDeliveries = (query: DeliveryListQuery) => useQuery(deliveriesQuery(query));
