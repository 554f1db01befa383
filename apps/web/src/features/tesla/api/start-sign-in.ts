import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';

export const startSignIn = () => unwrap(api.POST('/api/v1/tesla/connections/authorize'));

/** Starts the OAuth sign-in and sends the browser to Tesla's page (or the simulator's). */
export function useStartSignIn() {
  return useMutation({
    mutationFn: startSignIn,
    onSuccess: ({ authorizeUrl }) => {
      window.location.assign(authorizeUrl);
    },
  });
}
