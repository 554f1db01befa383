import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../../../lib/api-client';
import { setMe } from './me';

/** Ends every session of this user (other phones and browsers too), this one included. */
export const signOutEverywhere = () => unwrap(api.POST('/api/v1/auth/sign-out-everywhere'));

export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOutEverywhere,
    onSuccess: async () => {
      setCsrfToken(null);
      await setMe(queryClient, () => null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}
