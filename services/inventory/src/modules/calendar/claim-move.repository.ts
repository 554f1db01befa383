import { sql, type Kysely } from 'kysely';
import type { InventoryTables } from '../../tables';

const CLAIM = sql.table('inventory.vehicle_claim');

export type MoveOutcome =
  | { outcome: 'moved'; id: string }
  | { outcome: 'no-claim' }
  | { outcome: 'not-booking'; kind: string; status: string }
  | { outcome: 'no-vehicle' }
  | { outcome: 'out-of-service' };

/**
 * Moves an active booking to another period and/or vehicle in one transaction, on the same row:
 * the exclusion constraint compares the new period with every other claim (never with the booking's
 * own old one), and its violation (23P01) reaches the caller. The vehicles involved are locked in
 * id order, as placing a claim locks its vehicle, so two moves cannot deadlock.
 */
export class ClaimMoveRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  move(id: string, to: { vehicleId: string | null; from: Date; to: Date }): Promise<MoveOutcome> {
    return this.db.transaction().execute(async (tx) => {
      const claim = await tx
        .selectFrom('inventory.vehicle_claim')
        .select(['vehicle_id', 'kind', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!claim) return { outcome: 'no-claim' };
      const target = to.vehicleId ?? claim.vehicle_id;
      const vehicles = await tx
        .selectFrom('inventory.vehicle')
        .select(['id', 'in_service'])
        .where('id', 'in', [...new Set([claim.vehicle_id, target])])
        .orderBy('id')
        .forNoKeyUpdate()
        .execute();
      const vehicle = vehicles.find((v) => v.id === target);
      if (!vehicle) return { outcome: 'no-vehicle' };
      if (target !== claim.vehicle_id && !vehicle.in_service) return { outcome: 'out-of-service' };
      const moved = await sql<{ id: string }>`update ${CLAIM}
        set vehicle_id = ${target},
          period = tstzrange(${to.from.toISOString()}::timestamptz, ${to.to.toISOString()}::timestamptz, '[)'),
          updated_at = now()
        where id = ${id} and kind = 'booking' and status = 'active' returning id`.execute(tx);
      if (moved.rows.length === 0) return { outcome: 'not-booking', kind: claim.kind, status: claim.status };
      return { outcome: 'moved', id };
    });
  }
}
