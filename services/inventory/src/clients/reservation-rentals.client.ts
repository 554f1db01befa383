import type { RentedVehicles } from '@cybertacotruck/contracts';
import type { Peers } from '@cybertacotruck/platform';

/** Which vehicles a renter may watch live: the reservation service knows whose booking is whose. */
export class ReservationRentalsClient {
  constructor(private readonly peers: Peers) {}

  async rentedVehicles(customerId: string): Promise<string[]> {
    const { body } = await this.peers.call<RentedVehicles>('reservation', {
      method: 'GET',
      path: `/internal/customers/${encodeURIComponent(customerId)}/rented-vehicles`,
    });
    return body.vehicleIds;
  }
}
