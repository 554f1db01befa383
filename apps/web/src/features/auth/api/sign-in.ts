import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignInBody } from '@cybertacotruck/contracts';
import { api, setCsrfToken, unwrap } from '../../../lib/api-client';
import { setMe } from './me';

export const signIn = (body: SignInBody) => unwrap(api.POST('/api/v1/auth/sign-in', { body }));

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: async (me) => {
      await setMe(queryClient, () => me);
      setCsrfToken(me.csrfToken);
    },
  });
}
