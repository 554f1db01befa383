import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/**
 * The e-mails and SMS the notification service kept instead of sending. Mounted only while no
 * SMTP or SMS provider is configured, so a 404 means "real messages are sent".
 */
export const getNotificationDevInbox = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/notifications/dev-inbox', { signal }));

export const notificationDevInboxQuery = () =>
  queryOptions({
    queryKey: notificationKeys.devInbox,
    queryFn: ({ signal }) => getNotificationDevInbox(signal),
    staleTime: 0,
  });

export const useNotificationDevInbox = (options: { enabled?: boolean } = {}) =>
  useQuery({ ...notificationDevInboxQuery(), enabled: options.enabled ?? true });
