import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MyNotification } from '@cybertacotruck/contracts';
import { useAfterLoad } from '../../../lib/after-load';
import { listMyNotifications } from './list-my-notifications';
import { notificationKeys } from './keys';

/**
 * Unread = sent after the customer last opened Notifications on this device. The service keeps no
 * read state yet, so "seen" is remembered in this browser (per user): another phone counts afresh.
 */
const seenKey = (userId: string) => `ctt:notifications-seen:${userId}`;

export function lastSeen(userId: string): string | null {
  try {
    return localStorage.getItem(seenKey(userId));
  } catch {
    return null;
  }
}

export function markSeen(userId: string, at: string): void {
  try {
    localStorage.setItem(seenKey(userId), at);
  } catch {
    // Private mode without storage: the badge simply stays.
  }
}

/** Messages newer than `seen` (all of them when nothing was seen yet). */
export const unreadCount = (
  items: readonly Pick<MyNotification, 'createdAt'>[],
  seen: string | null,
): number => items.filter((m) => seen === null || Date.parse(m.createdAt) > Date.parse(seen)).length;

const PAGE = 20;

/** The newest messages, for the bell's badge (a minute old is fresh enough for a badge). */
export const newestNotificationsQuery = () =>
  queryOptions({
    queryKey: [...notificationKeys.mine, 'newest'] as const,
    queryFn: ({ signal }) => listMyNotifications({ limit: PAGE }, signal),
    refetchInterval: 60_000,
  });

/**
 * How many of the newest messages are unread: up to 20, shown as "20+" beyond. Asked once the page
 * has loaded and the browser is idle: the badge is not what a first screen is opened for.
 */
export function useUnreadNotifications(userId: string | undefined): { count: number; more: boolean } {
  const afterLoad = useAfterLoad();
  const newest = useQuery({ ...newestNotificationsQuery(), enabled: userId !== undefined && afterLoad });
  if (!userId || !newest.data) return { count: 0, more: false };
  const count = unreadCount(newest.data.items, lastSeen(userId));
  return { count, more: count === PAGE && newest.data.nextCursor !== null };
}
