import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DriverVerificationDecisionBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { verificationKeys } from './keys';

export const decideVerification = ({ id, body }: { id: string; body: DriverVerificationDecisionBody }) =>
  unwrap(api.POST('/api/v1/customers/{id}/driver-verification/decision', { params: { path: { id } }, body }));

export function useDecideVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideVerification,
    onSuccess: (verification) => {
      queryClient.setQueryData(verificationKeys.customer(verification.userId), verification);
      void queryClient.invalidateQueries({ queryKey: verificationKeys.all });
    },
  });
}
