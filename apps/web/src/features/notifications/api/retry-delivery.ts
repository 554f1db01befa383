import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Sends a failed delivery again (operator); 409 when it has not failed. */
export const retryDelivery = (id: string) =>
  unwrap(api.POST('/api/v1/notifications/deliveries/{id}/retry', { params: { path: { id } } }));

export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDelivery,
    // A 409 means the list is stale too (someone else retried, or it was sent): refresh either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries }),
  });
}
