export const teslaKeys = {
  connections: ['tesla', 'connections'] as const,
  liveFleet: ['tesla', 'live-fleet'] as const,
  vehicleLive: (id: string, hours: number) => ['tesla', 'vehicle-live', id, hours] as const,
  usage: (days: number) => ['tesla', 'usage', days] as const,
  virtualKey: ['tesla', 'virtual-key'] as const,
};

/** Our own API is cheap to ask: live figures refresh every few seconds while a page is open. */
export const LIVE_REFRESH_MS = 5_000;

/** With the live stream open, status changes come as events: the list is re-read for positions only. */
export const LIVE_STREAMING_REFRESH_MS = 15_000;
