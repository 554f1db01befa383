import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { customerKeys } from './keys';

export const listCustomers = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/customers', { signal }));

export const customersQuery = () =>
  queryOptions({
    queryKey: customerKeys.list,
    queryFn: ({ signal }) => listCustomers(signal),
    // Customers register on their own phones: opening the list always asks again (the cached list
    // shows meanwhile), or someone who just registered would be missing for the default 15 s.
    staleTime: 0,
  });

export const useCustomers = (options: { enabled?: boolean } = {}) =>
  useQuery({ ...customersQuery(), enabled: options.enabled ?? true });
