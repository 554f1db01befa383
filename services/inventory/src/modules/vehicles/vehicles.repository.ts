import type { Kysely, Selectable } from 'kysely';
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
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class VehiclesRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async list(filter: ListVehiclesQuery): Promise<VehicleRecord[]> {
    let query = this.db.selectFrom('inventory.vehicle').selectAll();
    if (filter.model !== undefined) query = query.where('model', '=', filter.model);
    if (filter.inService !== undefined) query = query.where('in_service', '=', filter.inService);
    const rows = await query.orderBy('display_name').orderBy('vin').execute();
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<VehicleRecord | undefined> {
    const row = await this.db
      .selectFrom('inventory.vehicle')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async insert(input: CreateVehicleBody): Promise<VehicleRecord> {
    const row = await this.db
      .insertInto('inventory.vehicle')
      .values({
        vin: input.vin,
        model: input.model,
        display_name: input.displayName,
        color: input.color ?? null,
        trim: input.trim ?? null,
        model_year: input.modelYear ?? null,
        in_service: input.inService ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async update(id: string, patch: UpdateVehicleBody): Promise<VehicleRecord | undefined> {
    const row = await this.db
      .updateTable('inventory.vehicle')
      .set({
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.color !== undefined && { color: patch.color }),
        ...(patch.trim !== undefined && { trim: patch.trim }),
        ...(patch.modelYear !== undefined && { model_year: patch.modelYear }),
        ...(patch.inService !== undefined && { in_service: patch.inService }),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }
}
