import type { VehicleReadings } from '@cybertacotruck/contracts';
import type { Peers } from '@cybertacotruck/platform';

/** A vehicle's readings now, as inventory knows them (never wakes the car). */
export interface ReadingsClient {
  read(vehicleId: string): Promise<VehicleReadings>;
}

/** Inventory's internal readings route through `peers` (in-process inject, or HTTP with the internal token). */
export class InventoryReadingsClient implements ReadingsClient {
  constructor(private readonly peers: Peers) {}

  async read(vehicleId: string): Promise<VehicleReadings> {
    const { body } = await this.peers.call<VehicleReadings>('inventory', {
      method: 'GET',
      path: `/internal/vehicles/${encodeURIComponent(vehicleId)}/readings`,
    });
    return body;
  }
}
