import { sql, type Kysely, type Selectable } from 'kysely';
import type { CreateVehicleBody, ListVehiclesQuery, UpdateVehicleBody } from '@cybertacotruck/contracts';
import type { InventoryTables, VehicleTable } from '../../tables';

export interface VehicleRecord {
  id: string;
  vin: string;
  model: VehicleTable['model'];
  displayName: string;
  color: string | null;
  trim: string | null;
  modelYear: number | null;
  inService: boolean;
  homeLocationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const toRecord = (row: Selectable<VehicleTable>): VehicleRecord => ({
  id: row.id,
  vin: row.vin,
  model: row.model,
  displayName: row.display_name,
  color: row.color,
  trim: row.trim,
  modelYear: row.model_year,
  inService: row.in_service,
  homeLocationId: row.home_location_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Why a vehicle could not be given the home location it was asked for. */
export type HomeRefused = 'home_missing' | 'home_archived';

export class VehiclesRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  /**
   * Runs `write` in a transaction that first takes a share lock on the home location, so an archive
   * running at the same time (it locks the row for update) either finished first, and is seen
   * here, or waits and then sees this vehicle at home there (LocationsRepository.archive).
   */
  private withHome<T>(
    homeLocationId: string | null | undefined,
    write: (db: Kysely<InventoryTables>) => Promise<T>,
  ): Promise<T | HomeRefused> {
    if (!homeLocationId) return write(this.db);
    return this.db.transaction().execute(async (trx) => {
      const home = await trx
        .selectFrom('inventory.location')
        .select('archived_at')
        .where('id', '=', homeLocationId)
        .forShare()
        .executeTakeFirst();
      if (!home) return 'home_missing' as const;
      if (home.archived_at) return 'home_archived' as const;
      return write(trx);
    });
  }

  async list(filter: ListVehiclesQuery): Promise<VehicleRecord[]> {
    let query = this.db.selectFrom('inventory.vehicle').selectAll();
    if (filter.model !== undefined) query = query.where('model', '=', filter.model);
    if (filter.inService !== undefined) query = query.where('in_service', '=', filter.inService);
    const rows = await query.orderBy('display_name').orderBy('vin').execute();
    return rows.map(toRecord);
  }

  findById(id: string): Promise<VehicleRecord | undefined> {
    return this.findOne('id', id);
  }

  findByVin(vin: string): Promise<VehicleRecord | undefined> {
    return this.findOne('vin', vin);
  }

  private async findOne(column: 'id' | 'vin', value: string): Promise<VehicleRecord | undefined> {
    const row = await this.db
      .selectFrom('inventory.vehicle')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  insert(input: CreateVehicleBody): Promise<VehicleRecord | HomeRefused> {
    return this.withHome(input.homeLocationId, (db) => this.insertRow(db, input));
  }

  private async insertRow(db: Kysely<InventoryTables>, input: CreateVehicleBody): Promise<VehicleRecord> {
    const row = await db
      .insertInto('inventory.vehicle')
      .values({
        vin: input.vin,
        model: input.model,
        display_name: input.displayName,
        color: input.color ?? null,
        trim: input.trim ?? null,
        model_year: input.modelYear ?? null,
        in_service: input.inService ?? true,
        home_location_id: input.homeLocationId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  update(id: string, patch: UpdateVehicleBody): Promise<VehicleRecord | undefined | HomeRefused> {
    return this.withHome(patch.homeLocationId, (db) => this.updateRow(db, id, patch));
  }

  private async updateRow(
    db: Kysely<InventoryTables>,
    id: string,
    patch: UpdateVehicleBody,
  ): Promise<VehicleRecord | undefined> {
    const row = await db
      .updateTable('inventory.vehicle')
      .set({
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.color !== undefined && { color: patch.color }),
        ...(patch.trim !== undefined && { trim: patch.trim }),
        ...(patch.modelYear !== undefined && { model_year: patch.modelYear }),
        ...(patch.inService !== undefined && { in_service: patch.inService }),
        ...(patch.homeLocationId !== undefined && { home_location_id: patch.homeLocationId }),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Adds a vehicle found on a Tesla account, or links the one already in the fleet with that VIN.
   * The operator's own edits (name, colour, service status) are never overwritten by an import.
   */
  async upsertFromTesla(input: {
    vin: string;
    model: VehicleTable['model'];
    displayName: string;
    color: string | null;
    trim: string | null;
    connectionId: string;
    teslaVehicleId: string;
  }): Promise<{ record: VehicleRecord; created: boolean }> {
    const row = await this.db
      .insertInto('inventory.vehicle')
      .values({
        vin: input.vin,
        model: input.model,
        display_name: input.displayName,
        color: input.color,
        trim: input.trim,
        tesla_connection_id: input.connectionId,
        tesla_vehicle_id: input.teslaVehicleId,
        // A new car is based at the operator's pickup location when there is just one (a car
        // with no home has nowhere to be collected); with several, the operator picks. A car
        // already known keeps the home it has.
        home_location_id: sql<string | null>`(select (array_agg(id))[1] from inventory.location
          where archived_at is null having count(*) = 1)`,
      })
      .onConflict((oc) =>
        oc.column('vin').doUpdateSet({
          tesla_connection_id: input.connectionId,
          tesla_vehicle_id: input.teslaVehicleId,
          updated_at: new Date(),
        }),
      )
      .returningAll()
      // xmax = 0 on the returned row version means INSERT took it, not the conflict UPDATE.
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow();
    return { record: toRecord(row), created: row.inserted };
  }

  async fillDetails(id: string, details: { color: string | null; trim: string | null }): Promise<void> {
    await this.db
      .updateTable('inventory.vehicle')
      .set({
        ...(details.color !== null && { color: sql<string>`coalesce(color, ${details.color})` }),
        ...(details.trim !== null && { trim: sql<string>`coalesce(trim, ${details.trim})` }),
      })
      .where('id', '=', id)
      .execute();
  }

  async listByConnection(
    connectionId: string,
  ): Promise<{ id: string; vin: string; teslaVehicleId: string | null }[]> {
    const rows = await this.db
      .selectFrom('inventory.vehicle')
      .select(['id', 'vin', 'tesla_vehicle_id'])
      .where('tesla_connection_id', '=', connectionId)
      .execute();
    return rows.map((r) => ({ id: r.id, vin: r.vin, teslaVehicleId: r.tesla_vehicle_id }));
  }
}
