import type { RentalShareLink } from '@cybertacotruck/contracts';
import type { Peers } from '@cybertacotruck/platform';

/** What the sender asks inventory for when it sends a renter's car key message. */
export interface RentalLinkClient {
  /** Tesla's share link while the invitation stands; null once revoked or expired. */
  rentalShareLink(reservationId: string): Promise<RentalShareLink>;
}

/** Inventory's internal API through `peers` (in-process when mounted here, INVENTORY_URL otherwise). */
export class InventoryRentalsHttpClient implements RentalLinkClient {
  constructor(private readonly peers: Peers) {}

  async rentalShareLink(reservationId: string): Promise<RentalShareLink> {
    const { body } = await this.peers.call<RentalShareLink>('inventory', {
      method: 'GET',
      path: `/internal/rentals/${encodeURIComponent(reservationId)}/share-link`,
    });
    return body;
  }
}
