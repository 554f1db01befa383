import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

/** A new password with the current one; every other session ends, this one stays. */
export const changePassword = (body: ChangePasswordBody) => unwrap(api.POST('/api/v1/me/password', { body }));

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
