import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ListVehiclesQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const listVehicles = (query: ListVehiclesQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/vehicles', { params: { query }, signal }));

export const listVehiclesQuery = (query: ListVehiclesQuery) =>
  queryOptions({ queryKey: vehicleKeys.list(query), queryFn: ({ signal }) => listVehicles(query, signal) });

export const useVehicles = (query: ListVehiclesQuery) => useQuery(listVehiclesQuery(query));
