import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeadLetterView } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Handles a parked event again (operator); 409 when it fails again or is already closed. */
export const replayDeadLetter = (id: string): Promise<DeadLetterView> =>
  apiRequest<DeadLetterView>(`/notifications/dead-letters/${encodeURIComponent(id)}/replay`, {
    method: 'POST',
  });

export function useReplayDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayDeadLetter,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: notificationKeys.deadLetters }),
        // A replayed event usually queues messages.
        queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries }),
      ]),
  });
}
