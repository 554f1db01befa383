import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DriverVerificationStatus } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { verificationKeys } from './keys';

export const listVerifications = (status: DriverVerificationStatus | undefined, signal?: AbortSignal) =>
  unwrap(
    api.GET('/api/v1/customers/driver-verifications', {
      params: { query: status ? { status } : {} },
      signal,
    }),
  );

export const verificationsQuery = (status?: DriverVerificationStatus) =>
  queryOptions({
    queryKey: verificationKeys.list(status),
    queryFn: ({ signal }) => listVerifications(status, signal),
    // Renters submit from their phones: the queue asks again whenever it is opened.
    staleTime: 0,
  });

export const useVerifications = (status?: DriverVerificationStatus) => useQuery(verificationsQuery(status));
