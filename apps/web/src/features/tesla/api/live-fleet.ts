import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, teslaKeys } from './keys';

export const getLiveFleet = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/fleet/live', { signal }));

export const liveFleetQuery = () =>
  queryOptions({
    queryKey: teslaKeys.liveFleet,
    queryFn: ({ signal }) => getLiveFleet(signal),
    refetchInterval: LIVE_REFRESH_MS,
  });

export const useLiveFleet = () => useQuery(liveFleetQuery());
