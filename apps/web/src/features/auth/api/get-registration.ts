import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RegistrationInfo } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';

export const getRegistration = (token: string, signal?: AbortSignal): Promise<RegistrationInfo> =>
  apiRequest<RegistrationInfo>(`/registration/${encodeURIComponent(token)}`, signal ? { signal } : {});

export const registrationQuery = (token: string) =>
  queryOptions({
    queryKey: ['auth', 'registration', token],
    queryFn: ({ signal }) => getRegistration(token, signal),
    // A link is valid until it is used; asking again after a failed attempt tells whether it locked.
    staleTime: 0,
  });

export const useRegistration = (token: string) => useQuery({ ...registrationQuery(token), enabled: !!token });
