import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me, UpdateProfileBody, User } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { setMe } from './me';

/** Name and/or e-mail of the signed-in user; the answer is the user as now stored. */
export const updateProfile = (body: UpdateProfileBody) => unwrap(api.PATCH('/api/v1/me', { body }));

/** The signed-in user as the server now has it, everywhere the page shows "me". */
export const replaceUser = (me: Me | null | undefined, user: User): Me | null | undefined =>
  me ? { ...me, user } : me;

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user) => setMe(queryClient, (me) => replaceUser(me, user)),
  });
}
