import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Invitation } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { invitationKeys } from './keys';

/** A new link and code by SMS; the previous link stops working. */
export const resendInvitation = (id: string): Promise<Invitation> =>
  apiRequest<Invitation>(`/invitations/${encodeURIComponent(id)}/resend`, { method: 'POST' });

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resendInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}
