import type { VehicleRecord } from '../vehicles/vehicles.repository';
import type { VehiclesService } from '../vehicles/vehicles.service';
import type { LiveStateRepository } from './live-state.repository';
import type { TrackPoint, VehicleLiveState } from './live-state.types';
import { tripsOf, type Trip } from './trips';

/** Positions read for one vehicle's page at most: a day of driving at Tesla's 30 s interval is ~2,000. */
const TRACK_LIMIT = 2_000;

export interface LiveVehicle {
  vehicle: VehicleRecord;
  live: VehicleLiveState | null;
  /** "Read now" (wakes the car) offered for a Tesla car never read yet. */
  readNow?: { estimateUsd: number };
}

/** Which cars may be read now, at what price (the read-now module answers). */
export interface ReadNowOffers {
  offers(items: ReadonlyArray<LiveVehicle>): Promise<Map<string, { estimateUsd: number }>>;
}

export interface LiveVehicleDetail extends LiveVehicle {
  /** Newest first. */
  trips: Trip[];
  /** Oldest first. */
  track: TrackPoint[];
}

/** The fleet as it is now, and one vehicle's recent track split into trips: what the operator watches. */
export class LiveFleetService {
  constructor(
    private readonly vehicles: Pick<VehiclesService, 'list' | 'get'>,
    private readonly live: Pick<LiveStateRepository, 'all' | 'byVehicle' | 'positions'>,
    private readonly now: () => Date = () => new Date(),
    private readonly readNow?: ReadNowOffers,
  ) {}

  /** Every vehicle, with its live state (null for one never heard from). */
  async fleet(): Promise<{ asOf: Date; items: LiveVehicle[] }> {
    const asOf = this.now();
    const [vehicles, states] = await Promise.all([this.vehicles.list({}), this.live.all()]);
    const byVehicle = new Map(states.map((s) => [s.vehicleId, s]));
    const items = vehicles.map((vehicle) => ({ vehicle, live: byVehicle.get(vehicle.id) ?? null }));
    const offers = this.readNow
      ? await this.readNow.offers(items)
      : new Map<string, { estimateUsd: number }>();
    return {
      asOf,
      items: items.map((i) => {
        const offer = offers.get(i.vehicle.id);
        return offer ? { ...i, readNow: offer } : i;
      }),
    };
  }

  /** One vehicle (404 if unknown) with the last `hours` of its position history and its trips. */
  async vehicle(vehicleId: string, hours: number): Promise<LiveVehicleDetail> {
    const vehicle = await this.vehicles.get(vehicleId);
    const since = new Date(this.now().getTime() - hours * 3_600_000);
    const [live, track] = await Promise.all([
      this.live.byVehicle(vehicle.id),
      this.live.positions(vehicle.id, since, TRACK_LIMIT),
    ]);
    return { vehicle, live: live ?? null, trips: tripsOf(track), track };
  }
}
