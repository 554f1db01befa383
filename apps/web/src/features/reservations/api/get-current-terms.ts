import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Terms } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { reservationKeys } from './keys';

/** The terms a customer accepts when confirming, with the cancellation policy in one sentence. */
export const getCurrentTerms = (signal?: AbortSignal): Promise<Terms> =>
  apiRequest<Terms>('/terms/current', signal ? { signal } : {});

export const currentTermsQuery = () =>
  queryOptions({ queryKey: reservationKeys.terms, queryFn: ({ signal }) => getCurrentTerms(signal) });

export const useCurrentTerms = () => useQuery(currentTermsQuery());
