import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Handles a parked event again (operator); 409 when it fails again or is already closed. */
export const replayDeadLetter = (id: string) =>
  unwrap(api.POST('/api/v1/notifications/dead-letters/{id}/replay', { params: { path: { id } } }));

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
