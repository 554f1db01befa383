import type { Kysely } from 'kysely';
import type { InventoryTables } from '../../tables';
import { appendStatusEvents, statusReasons } from '../telemetry/vehicle-status';
import { merge, positionOf, type Observation } from './live-state.fold';
import { toLiveState, type LiveStateRepository, type VehicleLiveState } from './live-state.repository';

/**
 * Folds observations into each vehicle's live state. An observation older than what is already
 * folded in never moves the state backwards (records arrive late and twice); connectivity from
 * a call that does not wake the car updates only connectivity.
 */
export class LiveStateService {
  constructor(
    private readonly db: Kysely<InventoryTables>,
    private readonly repo: LiveStateRepository,
  ) {}

  async apply(vehicleId: string, o: Observation): Promise<VehicleLiveState> {
    return this.db.transaction().execute(async (tx) => {
      const prev = await this.repo.getForUpdate(tx, vehicleId);
      const next = merge(vehicleId, prev, o);
      await this.repo.save(tx, next);
      const position = positionOf(prev, next, o);
      if (position) await this.repo.addPosition(tx, position);
      // Polled and listed vehicles produce status events by the same rule as streamed ones.
      const reasons = statusReasons(prev, next);
      if (reasons.length > 0) await appendStatusEvents(tx, [{ row: next, reasons, at: o.at }]);
      return toLiveState(next);
    });
  }
}
