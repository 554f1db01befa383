import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  GeofenceScope,
  GeofenceShape,
  RentalAccessEndReason,
  RentalAccessState,
  SpeedLimitState,
} from '@cybertacotruck/contracts';
import type { InventoryTables } from '../../tables';

export type RentalAccessTable = {
  reservation_id: string;
  vehicle_id: string;
  customer_id: string;
  vehicle_name: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  state: ColumnType<RentalAccessState, RentalAccessState | undefined, RentalAccessState>;
  end_reason: RentalAccessEndReason | null;
  picked_up_at: Date | null;
  invite_due_at: Date;
  invitation_id: string | null;
  share_link_sealed: string | null;
  invitation_expires_at: Date | null;
  drivers_before: ColumnType<string[], string | undefined, string>;
  invited_at: Date | null;
  revoke_due_at: Date | null;
  revoked_at: Date | null;
  speed_limit: ColumnType<SpeedLimitState, SpeedLimitState | undefined, SpeedLimitState>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_error: string | null;
  driver_limit_alerted_at: Date | null;
  outside_geofence_since: Date | null;
  /** While `moving`: the car the booking moved to (the row's own car is the invited one). */
  moving_to_vehicle_id: ColumnType<string | null, string | null | undefined, string | null>;
  moving_to_vehicle_name: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type GeofenceTable = {
  scope: GeofenceScope;
  scope_id: string;
  shape: ColumnType<GeofenceShape, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** Inventory's tables with this module's own (kept here so the module is one folder). */
export type RentalAccessTables = InventoryTables & {
  'inventory.rental_access': RentalAccessTable;
  'inventory.geofence': GeofenceTable;
};

export type RentalAccessRow = Selectable<RentalAccessTable>;

export interface GeofenceRecord {
  scope: GeofenceScope;
  scopeId: string;
  shape: GeofenceShape;
  updatedAt: Date;
}
