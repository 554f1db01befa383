import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Delivery } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Sends a failed delivery again (operator); 409 when it has not failed. */
export const retryDelivery = (id: string): Promise<Delivery> =>
  apiRequest<Delivery>(`/notifications/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST' });

export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDelivery,
    // A 409 means the list is stale too (someone else retried, or it was sent): refresh either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries }),
  });
}
