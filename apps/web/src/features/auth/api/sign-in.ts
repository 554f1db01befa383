import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me, SignInBody } from '@cybertacotruck/contracts';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { meKey } from './me';

export const signIn = (body: SignInBody): Promise<Me> =>
  apiRequest<Me>('/auth/sign-in', { method: 'POST', body });

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(meKey, me);
    },
  });
}
