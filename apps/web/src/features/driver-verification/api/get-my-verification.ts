import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { verificationKeys } from './keys';

export const getMyVerification = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/me/driver-verification', { signal }));

export const myVerificationQuery = () =>
  queryOptions({ queryKey: verificationKeys.mine, queryFn: ({ signal }) => getMyVerification(signal) });

export const useMyVerification = () => useQuery(myVerificationQuery());
