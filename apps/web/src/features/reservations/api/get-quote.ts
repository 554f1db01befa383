import { queryOptions, useQuery } from '@tanstack/react-query';
import type { QuoteQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { reservationKeys } from './keys';

/** The price of [from, to) for a vehicle, its days counted in the customer's time zone. */
export const getQuote = (query: QuoteQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/quotes', { params: { query }, signal }));

export const quoteQuery = (query: QuoteQuery) =>
  queryOptions({ queryKey: reservationKeys.quote(query), queryFn: ({ signal }) => getQuote(query, signal) });

export const useQuote = (query: QuoteQuery, options: { enabled?: boolean } = {}) =>
  useQuery({ ...quoteQuery(query), enabled: options.enabled ?? true });
