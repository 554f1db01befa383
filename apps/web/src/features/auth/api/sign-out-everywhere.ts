import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { meKey } from './me';

/** Ends every session of this user (other phones and browsers too), this one included. */
export const signOutEverywhere = (): Promise<unknown> =>
  apiRequest<unknown>('/auth/sign-out-everywhere', { method: 'POST' });

export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOutEverywhere,
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.setQueryData(meKey, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}
