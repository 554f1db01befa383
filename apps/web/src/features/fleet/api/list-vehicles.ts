import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ListVehiclesQuery, VehicleList } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const listVehicles = (query: ListVehiclesQuery, signal?: AbortSignal): Promise<VehicleList> =>
  apiRequest<VehicleList>('/vehicles', { query, ...(signal ? { signal } : {}) });

export const listVehiclesQuery = (query: ListVehiclesQuery) =>
  queryOptions({ queryKey: vehicleKeys.list(query), queryFn: ({ signal }) => listVehicles(query, signal) });

export const useVehicles = (query: ListVehiclesQuery) => useQuery(listVehiclesQuery(query));
