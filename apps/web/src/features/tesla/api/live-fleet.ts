import { queryOptions, useQuery } from '@tanstack/react-query';
import type { LiveFleet } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, teslaKeys } from './keys';

export const getLiveFleet = (signal?: AbortSignal): Promise<LiveFleet> =>
  apiRequest<LiveFleet>('/fleet/live', signal ? { signal } : {});

export const liveFleetQuery = () =>
  queryOptions({
    queryKey: teslaKeys.liveFleet,
    queryFn: ({ signal }) => getLiveFleet(signal),
    refetchInterval: LIVE_REFRESH_MS,
  });

export const useLiveFleet = () => useQuery(liveFleetQuery());
