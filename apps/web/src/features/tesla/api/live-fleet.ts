import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import type { LiveFleet, LiveVehicleStatus } from '@cybertacotruck/contracts';
import { LIVE_REFRESH_MS, LIVE_STREAMING_REFRESH_MS, teslaKeys } from './keys';

export const getLiveFleet = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/fleet/live', { signal }));

/**
 * `streaming`: status changes arrive as server-sent events (patchLiveFleet), so the list is read
 * again only slowly, for what those events do not carry (positions, driving or parked).
 */
export const liveFleetQuery = (streaming = false) =>
  queryOptions({
    queryKey: teslaKeys.liveFleet,
    queryFn: ({ signal }) => getLiveFleet(signal),
    refetchInterval: streaming ? LIVE_STREAMING_REFRESH_MS : LIVE_REFRESH_MS,
  });

export const useLiveFleet = (streaming = false) => useQuery(liveFleetQuery(streaming));

/** Applies one vehicle status event to the cached fleet: no request. */
export function patchLiveFleet(fleet: LiveFleet | undefined, s: LiveVehicleStatus): LiveFleet | undefined {
  if (!fleet) return fleet;
  return {
    ...fleet,
    items: fleet.items.map((item) =>
      item.vehicle.id !== s.vehicleId || !item.live
        ? item
        : {
            ...item,
            live: {
              ...item.live,
              connectivity: s.connectivity,
              batteryLevel: s.batteryLevel,
              rangeMi: s.rangeMi,
              lastSeenAt: s.lastSeenAt,
            },
          },
    ),
  };
}
