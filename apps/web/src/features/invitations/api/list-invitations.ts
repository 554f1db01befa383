import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InvitationList } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { invitationKeys } from './keys';

export const listInvitations = (signal?: AbortSignal): Promise<InvitationList> =>
  apiRequest<InvitationList>('/invitations', signal ? { signal } : {});

export const invitationsQuery = () =>
  queryOptions({ queryKey: invitationKeys.list, queryFn: ({ signal }) => listInvitations(signal) });

export const useInvitations = () => useQuery(invitationsQuery());
