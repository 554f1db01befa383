import { useEffect, useRef, useState } from 'react';
import type { LiveVehicleStatus } from '@cybertacotruck/contracts';

/** The server-sent events of `GET /api/v1/live/stream` (inventory, through the BFF). */
export const LIVE_STREAM_URL = '/api/v1/live/stream';

export interface LiveStreamHandlers {
  /** A vehicle's status changed (operators get the whole status event; renters these fields). */
  onVehicle(status: LiveVehicleStatus): void;
  /** Events were skipped (the connection was slow or broke): read the state again. */
  onResync?(): void;
}

/**
 * Listens to vehicle status changes while the component is mounted; true while connected. The
 * browser's EventSource reconnects by itself (the server asks for 3 s); every reconnect after the
 * first means events may have been missed, so it resyncs.
 */
export function useLiveStream(handlers: LiveStreamHandlers, enabled = true): boolean {
  const [connected, setConnected] = useState(false);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(LIVE_STREAM_URL, { withCredentials: true });
    let opened = 0;
    const ready = () => {
      opened += 1;
      setConnected(true);
      if (opened > 1) latest.current.onResync?.();
    };
    const vehicle = (e: MessageEvent<string>) => {
      latest.current.onVehicle(JSON.parse(e.data) as LiveVehicleStatus);
    };
    const resync = () => latest.current.onResync?.();
    const lost = () => {
      setConnected(false);
    };
    source.addEventListener('ready', ready);
    source.addEventListener('vehicle', vehicle);
    source.addEventListener('resync', resync);
    source.addEventListener('error', lost);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [enabled]);
  return connected;
}
