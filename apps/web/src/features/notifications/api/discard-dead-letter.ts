import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeadLetterView } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Gives up on a parked event (operator); 409 when it is already closed. */
export const discardDeadLetter = (id: string): Promise<DeadLetterView> =>
  apiRequest<DeadLetterView>(`/notifications/dead-letters/${encodeURIComponent(id)}/discard`, {
    method: 'POST',
  });

export function useDiscardDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: discardDeadLetter,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.deadLetters }),
  });
}
