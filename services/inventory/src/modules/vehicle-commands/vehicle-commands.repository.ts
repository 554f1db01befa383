import type { Kysely, Selectable } from 'kysely';
import type { InventoryTables, VehicleCommandTable } from '../../tables';
import type { CommandActor, CommandLogEntry, CommandOutcome } from './vehicle-commands.types';

type Row = Selectable<VehicleCommandTable>;

const toEntry = (r: Row): CommandLogEntry => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  command: r.command,
  params: r.params,
  actor: {
    kind: r.actor_kind,
    id: r.actor_id,
    ...(r.reservation_id ? { reservationId: r.reservation_id } : {}),
  },
  result: r.result,
  reason: r.reason,
  woke: r.woke,
  costUsd: r.cost_microusd / 1_000_000,
  at: r.at,
});

/** inventory.vehicle_commands: the log of every command asked of a car. */
export class VehicleCommandsRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async append(entry: {
    vehicleId: string;
    command: string;
    params: Record<string, unknown>;
    actor: CommandActor;
    outcome: CommandOutcome;
    at: Date;
  }): Promise<CommandLogEntry> {
    const row = await this.db
      .insertInto('inventory.vehicle_commands')
      .values({
        vehicle_id: entry.vehicleId,
        command: entry.command,
        params: JSON.stringify(entry.params),
        actor_kind: entry.actor.kind,
        actor_id: entry.actor.id,
        reservation_id: entry.actor.reservationId ?? null,
        result: entry.outcome.result,
        reason: entry.outcome.reason,
        woke: entry.outcome.woke,
        cost_microusd: Math.round(entry.outcome.costUsd * 1_000_000),
        at: entry.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  async list(vehicleId: string, limit: number): Promise<CommandLogEntry[]> {
    const rows = await this.db
      .selectFrom('inventory.vehicle_commands')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }
}
