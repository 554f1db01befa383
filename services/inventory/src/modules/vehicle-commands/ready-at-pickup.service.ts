import { sql, type Kysely } from 'kysely';
import { OutboxRepository } from '@cybertacotruck/bus';
import { InventoryEvents } from '@cybertacotruck/contracts';
import type { Logger } from '@cybertacotruck/platform';
import { isTeslaAborted } from '@cybertacotruck/tesla';
import type { InventoryTables } from '../../tables';
import type { LiveStateRepository } from '../live-state/live-state.repository';
import { isPluggedIn, projectAtPickup, type ProjectionSettings } from './pickup-projection';
import type { VehicleCommandsService } from './vehicle-commands.service';
import type { CommandActor } from './vehicle-commands.types';

export interface ReadySettings extends ProjectionSettings {
  /** From how long before pickup a projected shortfall raises an operator alert. */
  alertLeadMs: number;
  /** How long before pickup the cabin is preconditioned (when the weather calls for it). */
  preconditionMs: number;
  preconditionBelowC: number;
  preconditionAboveC: number;
}

/** What one pass did to one booking (for logs and tests). */
export interface ReadyStep {
  claimId: string;
  vehicleId: string;
  done: Array<'limit_raised' | 'charge_started' | 'preconditioned' | 'alerted'>;
}

interface Booking {
  claim_id: string;
  vehicle_id: string;
  reference: string | null;
  pickup_at: Date;
  vin: string;
  display_name: string;
}

/**
 * Gets booked cars ready at pickup. For each pickup within the alert lead it projects the charge at
 * pickup from live state; from the charge lead it raises the charge limit to the target and starts
 * charging a plugged-in car; shortly before pickup it preconditions the cabin when it is cold or hot
 * outside; and when the projection misses the target it raises `pickup_charge_at_risk` once, early
 * enough for an operator to act. Every step is a logged command of the `system` actor, done once
 * per booking (inventory.pickup_readiness remembers).
 */
export class ReadyAtPickupService {
  constructor(
    private readonly db: Kysely<InventoryTables>,
    private readonly live: Pick<LiveStateRepository, 'byVehicle'>,
    private readonly commands: Pick<VehicleCommandsService, 'send' | 'outsideTemperature'>,
    private readonly s: ReadySettings,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async pass(): Promise<ReadyStep[]> {
    const now = this.now();
    const horizon = new Date(
      now.getTime() + Math.max(this.s.alertLeadMs, this.s.chargeLeadMs, this.s.preconditionMs),
    );
    const bookings = await this.bookings(now, horizon);
    const steps: ReadyStep[] = [];
    for (const b of bookings) {
      try {
        steps.push(await this.prepare(b, now));
      } catch (error) {
        // The process is stopping: the rest waits for the next pass (each step is done once).
        if (isTeslaAborted(error)) break;
        this.logger.warn(
          { err: error, vehicleId: b.vehicle_id, claimId: b.claim_id },
          'ready-at-pickup step failed',
        );
      }
    }
    return steps;
  }

  private async bookings(now: Date, horizon: Date): Promise<Booking[]> {
    const { rows } = await sql<Booking>`
      select c.id as claim_id, c.vehicle_id, c.reference, lower(c.period) as pickup_at, v.vin, v.display_name
      from inventory.vehicle_claim c join inventory.vehicle v on v.id = c.vehicle_id
      where c.kind = 'booking' and c.status = 'active' and v.tesla_connection_id is not null
        and lower(c.period) > ${now} and lower(c.period) <= ${horizon}
      order by lower(c.period)`.execute(this.db);
    return rows.map((r) => ({ ...r, pickup_at: new Date(r.pickup_at) }));
  }

  private async prepare(b: Booking, now: Date): Promise<ReadyStep> {
    const step: ReadyStep = { claimId: b.claim_id, vehicleId: b.vehicle_id, done: [] };
    const live = (await this.live.byVehicle(b.vehicle_id)) ?? null;
    const projection = projectAtPickup(live, b.pickup_at, now, this.s);
    await this.db
      .insertInto('inventory.pickup_readiness')
      .values({
        claim_id: b.claim_id,
        vehicle_id: b.vehicle_id,
        pickup_at: b.pickup_at,
        projected_percent: projection?.chargePercent ?? null,
        target_percent: this.s.targetPercent,
      })
      .onConflict((oc) =>
        oc.column('claim_id').doUpdateSet({
          pickup_at: b.pickup_at,
          projected_percent: projection?.chargePercent ?? null,
          checked_at: now,
        }),
      )
      .execute();
    const state = await this.db
      .selectFrom('inventory.pickup_readiness')
      .selectAll()
      .where('claim_id', '=', b.claim_id)
      .executeTakeFirstOrThrow();
    const untilMs = b.pickup_at.getTime() - now.getTime();
    const actor: CommandActor = {
      kind: 'system',
      id: 'ready-at-pickup',
      ...(b.reference ? { reservationId: b.reference } : {}),
    };
    const mark = (column: 'limit_raised_at' | 'charge_started_at' | 'preconditioned_at' | 'alerted_at') =>
      this.db
        .updateTable('inventory.pickup_readiness')
        .set({ [column]: now })
        .where('claim_id', '=', b.claim_id)
        .execute();

    if (untilMs <= this.s.chargeLeadMs && live) {
      if (!state.limit_raised_at && (live.chargeLimitSoc ?? 0) < this.s.targetPercent) {
        const entry = await this.commands.send({
          vehicleId: b.vehicle_id,
          command: 'set_charge_limit',
          params: { percent: this.s.targetPercent },
          actor,
        });
        if (entry.result === 'ok') {
          await mark('limit_raised_at');
          step.done.push('limit_raised');
        }
      } else if (!state.limit_raised_at) await mark('limit_raised_at');
      const needsCharge = (live.batteryLevel ?? 100) < this.s.targetPercent - 0.5;
      if (!state.charge_started_at && isPluggedIn(live) && needsCharge) {
        if (live.chargingState === 'Charging') await mark('charge_started_at');
        else {
          const entry = await this.commands.send({ vehicleId: b.vehicle_id, command: 'charge_start', actor });
          // "is_charging": it already is.
          if (entry.result === 'ok' || entry.reason === 'is_charging') {
            await mark('charge_started_at');
            step.done.push('charge_started');
          }
        }
      }
    }

    if (untilMs <= this.s.preconditionMs && !state.preconditioned_at) {
      const outside = await this.commands.outsideTemperature(b.vehicle_id);
      if (outside !== null && (outside < this.s.preconditionBelowC || outside > this.s.preconditionAboveC)) {
        const entry = await this.commands.send({ vehicleId: b.vehicle_id, command: 'climate_on', actor });
        if (entry.result === 'ok') step.done.push('preconditioned');
      }
      await mark('preconditioned_at');
    }

    const misses = projection !== null && !projection.reachesTarget;
    if (misses && untilMs <= this.s.alertLeadMs && !state.alerted_at) {
      await this.db.transaction().execute(async (tx) => {
        await new OutboxRepository<InventoryTables>(tx, 'inventory').append(
          InventoryEvents.pickupChargeAtRisk,
          b.vehicle_id,
          {
            vehicleId: b.vehicle_id,
            vin: b.vin,
            name: b.display_name,
            reservationId: b.reference,
            pickupAt: b.pickup_at.toISOString(),
            batteryLevel: live?.batteryLevel ?? null,
            projectedPercent: projection.chargePercent,
            targetPercent: this.s.targetPercent,
            pluggedIn: live ? isPluggedIn(live) : false,
            at: now.toISOString(),
          },
          now,
        );
        await tx
          .updateTable('inventory.pickup_readiness')
          .set({ alerted_at: now })
          .where('claim_id', '=', b.claim_id)
          .execute();
      });
      step.done.push('alerted');
      this.logger.warn(
        { vehicleId: b.vehicle_id, projected: projection.chargePercent, target: this.s.targetPercent },
        'a booked car will not reach its charge target at pickup',
      );
    }
    return step;
  }
}
