import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { DeliveryList, DeliveryListQuery } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** The delivery log (operator): one row per message × channel × recipient, newest first. */
export const listDeliveries = (query: DeliveryListQuery, signal?: AbortSignal): Promise<DeliveryList> =>
  apiRequest<DeliveryList>('/notifications/deliveries', { query, ...(signal ? { signal } : {}) });

export const deliveriesQuery = (query: DeliveryListQuery) =>
  queryOptions({
    queryKey: notificationKeys.deliveryList(query),
    queryFn: ({ signal }) => listDeliveries(query, signal),
    placeholderData: keepPreviousData,
  });

export const useDeliveries = (query: DeliveryListQuery) => useQuery(deliveriesQuery(query));
