import {
  ProblemTypes,
  type CalendarClient,
  type CalendarMoves,
  type CalendarVehicle,
  type Claim,
  type ClaimList,
  type Location,
  type MoveClaimBody,
  type PickupLocation,
  type PlaceHoldBody,
  type Vehicle,
} from '@cybertacotruck/contracts';
import { PeerError, type Peers } from '@cybertacotruck/platform';

/**
 * The inventory calendar over inventory's HTTP API, through `peers`: injected into the same server
 * when inventory is mounted in this process, an HTTP call to INVENTORY_URL otherwise. Inventory's
 * problems arrive as PeerErrors carrying its problem type (409 vehicle-unavailable, …).
 */
export class InventoryCalendarClient implements CalendarClient, CalendarMoves {
  constructor(private readonly peers: Peers) {}

  async vehicle(vehicleId: string): Promise<CalendarVehicle | null> {
    try {
      const { body } = await this.peers.call<Vehicle>('inventory', {
        method: 'GET',
        path: `/vehicles/${encodeURIComponent(vehicleId)}`,
      });
      return {
        id: body.id,
        model: body.model,
        displayName: body.displayName,
        inService: body.inService,
        homeLocation: body.homeLocationId ? await this.location(body.homeLocationId) : null,
      };
    } catch (error) {
      if (error instanceof PeerError && error.type === ProblemTypes.vehicleNotFound) return null;
      throw error;
    }
  }

  /** The renter's view of a location: what a reservation keeps (no vehicle list, no bookkeeping). */
  private async location(id: string): Promise<PickupLocation> {
    const { body } = await this.peers.call<Location>('inventory', {
      method: 'GET',
      path: `/locations/${encodeURIComponent(id)}`,
    });
    const { archivedAt: _a, vehicleIds: _v, createdAt: _c, updatedAt: _u, ...pickup } = body;
    return pickup;
  }

  async placeHold(vehicleId: string, hold: PlaceHoldBody): Promise<Claim> {
    const { body } = await this.peers.call<Claim>('inventory', {
      method: 'POST',
      path: `/vehicles/${encodeURIComponent(vehicleId)}/holds`,
      body: hold,
    });
    return body;
  }

  async move(claimId: string, move: MoveClaimBody): Promise<Claim> {
    const { body } = await this.peers.call<Claim>('inventory', {
      method: 'POST',
      path: `/claims/${encodeURIComponent(claimId)}/move`,
      body: move,
    });
    return body;
  }

  async confirm(claimId: string): Promise<Claim> {
    const { body } = await this.peers.call<Claim>('inventory', {
      method: 'POST',
      path: `/holds/${encodeURIComponent(claimId)}/confirm`,
    });
    return body;
  }

  async release(claimId: string): Promise<void> {
    try {
      await this.peers.call<null>('inventory', {
        method: 'DELETE',
        path: `/claims/${encodeURIComponent(claimId)}`,
      });
    } catch (error) {
      // A claim the calendar does not know occupies nothing: there is nothing left to release.
      if (error instanceof PeerError && error.type === ProblemTypes.claimNotFound) return;
      throw error;
    }
  }

  async claims(claimIds: readonly string[]): Promise<Claim[]> {
    if (claimIds.length === 0) return [];
    const { body } = await this.peers.call<ClaimList>('inventory', {
      method: 'POST',
      path: '/claims/lookup',
      body: { ids: [...claimIds] },
    });
    return body.items;
  }

  async referencedClaims(after: string | null, limit: number): Promise<Claim[]> {
    const { body } = await this.peers.call<ClaimList>('inventory', {
      method: 'GET',
      path: '/claims/referenced',
      query: { limit, after: after ?? undefined },
    });
    return body.items;
  }
}
