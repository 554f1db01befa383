import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RateList } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { rateKeys } from './keys';

export const listRates = (signal?: AbortSignal): Promise<RateList> =>
  apiRequest<RateList>('/rates', signal ? { signal } : {});

export const ratesQuery = () =>
  queryOptions({ queryKey: rateKeys.list, queryFn: ({ signal }) => listRates(signal) });

export const useRates = () => useQuery(ratesQuery());
