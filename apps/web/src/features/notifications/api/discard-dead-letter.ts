import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Gives up on a parked event (operator); 409 when it is already closed. */
export const discardDeadLetter = (id: string) =>
  unwrap(api.POST('/api/v1/notifications/dead-letters/{id}/discard', { params: { path: { id } } }));

export function useDiscardDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: discardDeadLetter,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.deadLetters }),
  });
}
