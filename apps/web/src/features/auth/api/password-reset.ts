import { useMutation } from '@tanstack/react-query';
import type { PasswordResetBody, PasswordResetConfirmBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

/** Asks for a reset code by SMS (202 whether or not an account has the phone). */
export const requestPasswordReset = (body: PasswordResetBody) =>
  unwrap(api.POST('/api/v1/auth/password-reset', { body }));

/** Sets a new password with the SMS code; every session of the account ends. */
export const confirmPasswordReset = (body: PasswordResetConfirmBody) =>
  unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body }));

export const useRequestPasswordReset = () => useMutation({ mutationFn: requestPasswordReset });
export const useConfirmPasswordReset = () => useMutation({ mutationFn: confirmPasswordReset });
