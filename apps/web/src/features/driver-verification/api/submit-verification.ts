import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SubmitDriverVerificationBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { verificationKeys } from './keys';

export const submitVerification = (body: SubmitDriverVerificationBody) =>
  unwrap(api.POST('/api/v1/me/driver-verification', { body }));

export function useSubmitVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitVerification,
    onSuccess: (verification) => {
      queryClient.setQueryData(verificationKeys.mine, verification);
    },
  });
}
