import type { VehicleReadings } from '@cybertacotruck/contracts';
import type { LiveStateRepository } from '../live-state/live-state.repository';
import { METRES_PER_MILE, milesBetween } from '../live-state/geo';
import type { LocationsService } from '../locations/locations.service';
import type { VehiclesService } from '../vehicles/vehicles.service';

const KM_PER_MILE = 1.609344;
/** Distances to a tenth of a km: the odometer's own resolution, and no float noise in the charges. */
const km = (miles: number | null): number | null =>
  miles === null ? null : Math.round(miles * KM_PER_MILE * 10) / 10;

/**
 * A vehicle's readings for the reservation's pickup and return, from what inventory already knows
 * (streamed telemetry or the last poll): reading never wakes the car, so it costs nothing at Tesla.
 * Tyre pressures in bar, each as last reported (null for a tyre never reported; null for all when
 * the car reported none).
 */
export class ReadingsService {
  constructor(
    private readonly vehicles: Pick<VehiclesService, 'get'>,
    private readonly live: Pick<LiveStateRepository, 'byVehicle'>,
    private readonly locations: Pick<LocationsService, 'get'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** 404 vehicle-not-found for an unknown vehicle; every value null for one never heard from. */
  async read(vehicleId: string): Promise<VehicleReadings> {
    const vehicle = await this.vehicles.get(vehicleId);
    const [s, home] = await Promise.all([
      this.live.byVehicle(vehicle.id),
      vehicle.homeLocationId ? this.locations.get(vehicle.homeLocationId) : undefined,
    ]);
    const tyres = s?.tyrePressureBar ?? null;
    const position =
      s?.latitude != null && s.longitude != null ? { latitude: s.latitude, longitude: s.longitude } : null;
    const distanceFromHomeM =
      position && home
        ? Math.round(
            milesBetween(position, { latitude: home.coordinates.lat, longitude: home.coordinates.lng }) *
              METRES_PER_MILE,
          )
        : null;
    return {
      at: this.now().toISOString(),
      dataAsOf: s?.dataAsOf ? s.dataAsOf.toISOString() : null,
      odometerKm: km(s?.odometerMi ?? null),
      chargePercent: s?.batteryLevel ?? null,
      rangeKm: km(s?.rangeMi ?? null),
      tyrePressureBar: tyres && Object.values(tyres).some((p) => p !== null) ? tyres : null,
      position,
      locked: s?.locked ?? null,
      activity: s?.activity ?? 'unknown',
      distanceFromHomeM,
    };
  }
}
