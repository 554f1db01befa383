import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SyncReport } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';

export const syncConnection = (id: string): Promise<SyncReport> =>
  apiRequest<SyncReport>(`/tesla/connections/${encodeURIComponent(id)}/sync`, { method: 'POST' });

export function useSyncConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: syncConnection,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tesla'] }),
  });
}
