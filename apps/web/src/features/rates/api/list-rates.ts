import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { rateKeys } from './keys';

export const listRates = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/rates', { signal }));

export const ratesQuery = () =>
  queryOptions({ queryKey: rateKeys.list, queryFn: ({ signal }) => listRates(signal) });

export const useRates = () => useQuery(ratesQuery());
