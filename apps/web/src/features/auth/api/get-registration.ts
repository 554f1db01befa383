import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';

export const getRegistration = (token: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/registration/{token}', { params: { path: { token } }, signal }));

export const registrationQuery = (token: string) =>
  queryOptions({
    queryKey: ['auth', 'registration', token],
    queryFn: ({ signal }) => getRegistration(token, signal),
    // A link is valid until it is used; asking again after a failed attempt tells whether it locked.
    staleTime: 0,
  });

export const useRegistration = (token: string) => useQuery({ ...registrationQuery(token), enabled: !!token });
