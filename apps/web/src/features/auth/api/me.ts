import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Me } from '@cybertacotruck/contracts';
import { api, ApiError, setCsrfToken, unwrap } from '../../../lib/api-client';

export const meKey = ['auth', 'me'] as const;

/** Who is signed in, or null when nobody is (a 401 is an answer here, not an error). */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/api/v1/me', { signal }));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const meQuery = () =>
  queryOptions({ queryKey: meKey, queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });

export const useMe = () => useQuery(meQuery());

/**
 * Puts who is signed in now into the cache, after cancelling a /me request still in flight: sent
 * before this sign-in, registration, sign-out or profile change, its answer would land after it and
 * put the old state back (a 401 would also clear the new CSRF token).
 */
export async function setMe(
  queryClient: QueryClient,
  update: (me: Me | null | undefined) => Me | null | undefined,
): Promise<void> {
  await queryClient.cancelQueries({ queryKey: meKey });
  queryClient.setQueryData<Me | null>(meKey, update);
}
