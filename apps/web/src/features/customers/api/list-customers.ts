import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { customerKeys } from './keys';

export const listCustomers = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/customers', { signal }));

export const customersQuery = () =>
  queryOptions({ queryKey: customerKeys.list, queryFn: ({ signal }) => listCustomers(signal) });

export const useCustomers = (options: { enabled?: boolean } = {}) =>
  useQuery({ ...customersQuery(), enabled: options.enabled ?? true });
