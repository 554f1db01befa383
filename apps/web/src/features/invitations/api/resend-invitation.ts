import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { invitationKeys } from './keys';

/** A new link and code by SMS; the previous link stops working. */
export const resendInvitation = (id: string) =>
  unwrap(api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id } } }));

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resendInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}
