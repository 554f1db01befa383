import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const getVehicle = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/vehicles/{id}', { params: { path: { id } }, signal }));

export const vehicleQuery = (id: string) =>
  queryOptions({ queryKey: vehicleKeys.detail(id), queryFn: ({ signal }) => getVehicle(id, signal) });

export const useVehicle = (id: string) => useQuery(vehicleQuery(id));
