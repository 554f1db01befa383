import type { ColumnType, Generated } from 'kysely';
import type { VehicleModel } from '@cybertacotruck/contracts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export type VehicleTable = {
  id: Generated<string>;
  vin: string;
  model: VehicleModel;
  display_name: string;
  color: string | null;
  trim: string | null;
  model_year: number | null;
  in_service: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

/** The inventory service's tables, schema-qualified: its code can name no other service's table. */
export type InventoryTables = {
  'inventory.vehicle': VehicleTable;
};
