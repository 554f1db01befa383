import { useState } from 'react';
import type { LiveVehicleStatus } from '@cybertacotruck/contracts';
import { useLiveStream } from '../../../lib/live-stream';

const CONNECTIVITY: Record<LiveVehicleStatus['connectivity'], string> = {
  online: 'online',
  asleep: 'asleep',
  offline: 'offline',
  unknown: 'not reporting',
};

/**
 * The rented car as it reports: battery, range and whether it is reachable, updated as its status
 * events arrive (server-sent; the stream carries only the renter's own car). Nothing is polled.
 */
export function LiveCarPanel({ vehicleId, vehicleName }: { vehicleId: string; vehicleName: string }) {
  const [status, setStatus] = useState<LiveVehicleStatus | null>(null);
  const connected = useLiveStream({
    onVehicle: (s) => {
      if (s.vehicleId === vehicleId) setStatus(s);
    },
  });
  return (
    <section className="card live-car" aria-labelledby="live-car-heading">
      <div className="card-body">
        <h2 id="live-car-heading">{vehicleName} now</h2>
        <p role="status" aria-live="polite" className="live-car-status">
          {status
            ? `Battery ${status.batteryLevel === null ? 'unknown' : `${String(status.batteryLevel)}%`}` +
              (status.rangeMi === null ? '' : ` · ${String(Math.round(status.rangeMi))} mi range`) +
              ` · ${CONNECTIVITY[status.connectivity]}`
            : connected
              ? 'Watching the car: its battery and range appear here as it reports them.'
              : 'Connecting to the car…'}
        </p>
      </div>
    </section>
  );
}
