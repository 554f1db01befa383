import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DevMessageList } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { invitationKeys } from './keys';

/**
 * What the SMS would have said. The server mounts the dev inbox only when no SMS provider is
 * configured, so a 404 here means "real SMS are sent" and the page shows no link to it.
 */
export const getDevInbox = (signal?: AbortSignal): Promise<DevMessageList> =>
  apiRequest<DevMessageList>('/dev-inbox', signal ? { signal } : {});

export const devInboxQuery = () =>
  queryOptions({
    queryKey: invitationKeys.devInbox,
    queryFn: ({ signal }) => getDevInbox(signal),
    staleTime: 0,
  });

export const useDevInbox = () => useQuery(devInboxQuery());
