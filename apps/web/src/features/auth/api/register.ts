import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RegisterBody } from '@cybertacotruck/contracts';
import { api, setCsrfToken, unwrap } from '../../../lib/api-client';
import { setMe } from './me';

/** Redeems the SMS link: the new customer is signed in by the answer's cookie. */
export const register = (body: RegisterBody) => unwrap(api.POST('/api/v1/registration', { body }));

export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: async (me) => {
      await setMe(queryClient, () => me);
      setCsrfToken(me.csrfToken);
    },
  });
}
