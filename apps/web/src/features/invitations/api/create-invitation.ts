import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateInvitationBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { invitationKeys } from './keys';

export const createInvitation = (body: CreateInvitationBody) =>
  unwrap(api.POST('/api/v1/invitations', { body }));

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}
