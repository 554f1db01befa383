import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { teslaKeys } from './keys';
import { syncConnection } from './sync-connection';

export const getVirtualKey = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/tesla/virtual-key', { signal }));

export const virtualKeyQuery = () =>
  queryOptions({
    queryKey: teslaKeys.virtualKey,
    queryFn: ({ signal }) => getVirtualKey(signal),
    // The sync worker re-reads fleet_status on its own; this picks its findings up.
    refetchInterval: 15_000,
  });

export const useVirtualKey = () => useQuery(virtualKeyQuery());

/** "I paired a car": sync the connections now (fleet_status, then streaming set-up), then refetch. */
export function useCheckPairing() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (connectionIds: string[]) => {
      for (const id of connectionIds) await syncConnection(id);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tesla'] }),
  });
}
