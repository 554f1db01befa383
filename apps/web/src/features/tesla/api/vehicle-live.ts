import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, teslaKeys } from './keys';

export const getVehicleLive = (id: string, hours: number, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/vehicles/{id}/live', { params: { path: { id }, query: { hours } }, signal }));

export const vehicleLiveQuery = (id: string, hours: number) =>
  queryOptions({
    queryKey: teslaKeys.vehicleLive(id, hours),
    queryFn: ({ signal }) => getVehicleLive(id, hours, signal),
    refetchInterval: LIVE_REFRESH_MS,
  });

export const useVehicleLive = (id: string, hours: number) => useQuery(vehicleLiveQuery(id, hours));
