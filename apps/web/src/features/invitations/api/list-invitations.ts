import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { invitationKeys } from './keys';

export const listInvitations = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/invitations', { signal }));

export const invitationsQuery = () =>
  queryOptions({ queryKey: invitationKeys.list, queryFn: ({ signal }) => listInvitations(signal) });

export const useInvitations = () => useQuery(invitationsQuery());
