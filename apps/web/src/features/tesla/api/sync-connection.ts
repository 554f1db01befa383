import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';

export const syncConnection = (id: string) =>
  unwrap(api.POST('/api/v1/tesla/connections/{id}/sync', { params: { path: { id } } }));

export function useSyncConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: syncConnection,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tesla'] }),
  });
}
