import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { reservationKeys } from './keys';

/** The terms a customer accepts when confirming, with the cancellation policy in one sentence. */
export const getCurrentTerms = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/terms/current', { signal }));

export const currentTermsQuery = () =>
  queryOptions({ queryKey: reservationKeys.terms, queryFn: ({ signal }) => getCurrentTerms(signal) });

export const useCurrentTerms = () => useQuery(currentTermsQuery());
