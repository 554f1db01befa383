import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { verificationKeys } from './keys';

export const getCustomerVerification = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/customers/{id}/driver-verification', { params: { path: { id } }, signal }));

export const customerVerificationQuery = (id: string) =>
  queryOptions({
    queryKey: verificationKeys.customer(id),
    queryFn: ({ signal }) => getCustomerVerification(id, signal),
    staleTime: 0,
  });

export const useCustomerVerification = (id: string | undefined) =>
  useQuery({ ...customerVerificationQuery(id ?? ''), enabled: Boolean(id) });

/** Where the operator's browser fetches a photo (same origin, the session cookie; never cached). */
export const photoUrl = (id: string, kind: string) =>
  `/api/v1/customers/${encodeURIComponent(id)}/driver-verification/photos/${kind}`;
