import { useMutation } from '@tanstack/react-query';
import type { AuthorizeResponse } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';

export const startSignIn = (): Promise<AuthorizeResponse> =>
  apiRequest<AuthorizeResponse>('/tesla/connections/authorize', { method: 'POST' });

/** Starts the OAuth sign-in and sends the browser to Tesla's page (or the simulator's). */
export function useStartSignIn() {
  return useMutation({
    mutationFn: startSignIn,
    onSuccess: ({ authorizeUrl }) => {
      window.location.assign(authorizeUrl);
    },
  });
}
