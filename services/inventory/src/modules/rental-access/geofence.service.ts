import {
  InventoryEvents,
  ProblemTypes,
  type GeofenceScope,
  type GeofenceShape,
} from '@cybertacotruck/contracts';
import { NotFoundError, RuleViolationError, type Logger } from '@cybertacotruck/platform';
import type { LiveStateRepository } from '../live-state/live-state.repository';
import { insideFence } from './geofence';
import type { GeofenceRecord, RentalAccessRepository } from './rental-access.repository';

/**
 * Operator-defined geofences (per pickup location or per vehicle; a vehicle's own wins) and the
 * check of rented cars against them, from live state (telemetry or polling keep it current): a car
 * that leaves its fence raises one operator alert until it is back inside.
 */
export class GeofenceService {
  constructor(
    private readonly repo: RentalAccessRepository,
    private readonly live: Pick<LiveStateRepository, 'byVehicle'>,
    private readonly exists: (scope: GeofenceScope, id: string) => Promise<boolean>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Promise<GeofenceRecord[]> {
    return this.repo.geofences();
  }

  async put(scope: GeofenceScope, id: string, shape: GeofenceShape): Promise<GeofenceRecord> {
    if (!(await this.exists(scope, id)))
      throw new NotFoundError(
        `No ${scope} ${id}`,
        scope === 'vehicle' ? ProblemTypes.vehicleNotFound : ProblemTypes.locationNotFound,
      );
    if (shape.kind === 'polygon' && polygonArea(shape.points) === 0)
      throw new RuleViolationError('The polygon has no area: its corners lie on one line', [
        { location: 'body', field: 'shape.points', message: 'the corners lie on one line' },
      ]);
    return this.repo.putGeofence(scope, id, shape, this.now());
  }

  async remove(scope: GeofenceScope, id: string): Promise<void> {
    if (!(await this.repo.deleteGeofence(scope, id)))
      throw new NotFoundError(`No geofence for ${scope} ${id}`);
  }

  /** One pass over the cars out on a rental; returns how many alerts it raised. */
  async check(): Promise<number> {
    const now = this.now();
    let raised = 0;
    for (const row of await this.repo.onRental(now)) {
      const fence = await this.repo.fenceFor(row.vehicle_id);
      const live = await this.live.byVehicle(row.vehicle_id);
      if (!fence || live?.latitude == null || live.longitude == null) continue;
      const inside = insideFence(fence, { latitude: live.latitude, longitude: live.longitude });
      if (inside && row.outside_geofence_since) await this.repo.setOutsideSince(row.reservation_id, null);
      if (inside || row.outside_geofence_since) continue;
      await this.repo.withTransaction(async (repo, outbox) => {
        await repo.setOutsideSince(row.reservation_id, now);
        await outbox.append(
          InventoryEvents.rentalAccessAlert,
          row.vehicle_id,
          {
            reservationId: row.reservation_id,
            vehicleId: row.vehicle_id,
            vehicleName: row.vehicle_name,
            reason: 'geofence_exit',
            detail: `${row.vehicle_name} left its geofence at ${live.latitude?.toFixed(4)}, ${live.longitude?.toFixed(4)}.`,
            at: now.toISOString(),
          },
          now,
        );
      });
      this.logger.warn(
        { reservationId: row.reservation_id, vehicleId: row.vehicle_id },
        'rented car left its geofence',
      );
      raised++;
    }
    return raised;
  }
}

function polygonArea(points: ReadonlyArray<{ latitude: number; longitude: number }>): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    if (a && b) twice += a.longitude * b.latitude - b.longitude * a.latitude;
  }
  return Math.abs(twice) / 2;
}
