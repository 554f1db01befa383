import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PhoneChangeBody, PhoneChangeConfirmBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { setMe } from './me';
import { replaceUser } from './update-profile';

/** Sends a code by SMS to the new number; the account keeps its number until it is confirmed. */
export const requestPhoneChange = (body: PhoneChangeBody) => unwrap(api.POST('/api/v1/me/phone', { body }));

/** The code from the SMS: the account's phone becomes the new number. */
export const confirmPhoneChange = (body: PhoneChangeConfirmBody) =>
  unwrap(api.POST('/api/v1/me/phone/confirm', { body }));

export const useRequestPhoneChange = () => useMutation({ mutationFn: requestPhoneChange });

export function useConfirmPhoneChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmPhoneChange,
    onSuccess: (user) => setMe(queryClient, (me) => replaceUser(me, user)),
  });
}
