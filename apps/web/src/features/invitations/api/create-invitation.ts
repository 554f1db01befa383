import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateInvitationBody, Invitation } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { invitationKeys } from './keys';

export const createInvitation = (body: CreateInvitationBody): Promise<Invitation> =>
  apiRequest<Invitation>('/invitations', { method: 'POST', body });

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}
