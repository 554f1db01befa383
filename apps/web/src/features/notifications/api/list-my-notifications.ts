import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { MyNotificationsQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** The signed-in customer's messages, newest first, with each channel's status. */
export const listMyNotifications = (query: MyNotificationsQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/notifications/mine', { params: { query }, signal }));

const PAGE = 20;

export const myNotificationsQuery = () =>
  infiniteQueryOptions({
    queryKey: notificationKeys.mine,
    queryFn: ({ pageParam, signal }) =>
      listMyNotifications({ limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // A message queued a moment ago is sent within seconds: keep its chips current while on screen.
    refetchInterval: 15_000,
  });

export const useMyNotifications = () => useInfiniteQuery(myNotificationsQuery());
