import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CustomerList } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { customerKeys } from './keys';

export const listCustomers = (signal?: AbortSignal): Promise<CustomerList> =>
  apiRequest<CustomerList>('/customers', signal ? { signal } : {});

export const customersQuery = () =>
  queryOptions({ queryKey: customerKeys.list, queryFn: ({ signal }) => listCustomers(signal) });

export const useCustomers = (options: { enabled?: boolean } = {}) =>
  useQuery({ ...customersQuery(), enabled: options.enabled ?? true });
