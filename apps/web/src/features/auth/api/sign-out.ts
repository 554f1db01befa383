import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../../../lib/api-client';
import { setMe } from './me';

export const signOut = () => unwrap(api.POST('/api/v1/auth/sign-out'));

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: async () => {
      setCsrfToken(null);
      await setMe(queryClient, () => null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}
