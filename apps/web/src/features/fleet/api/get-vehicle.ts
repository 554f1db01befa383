import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Vehicle } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const getVehicle = (id: string, signal?: AbortSignal): Promise<Vehicle> =>
  apiRequest<Vehicle>(`/vehicles/${encodeURIComponent(id)}`, signal ? { signal } : {});

export const vehicleQuery = (id: string) =>
  queryOptions({ queryKey: vehicleKeys.detail(id), queryFn: ({ signal }) => getVehicle(id, signal) });

export const useVehicle = (id: string) => useQuery(vehicleQuery(id));
