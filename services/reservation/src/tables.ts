import type { OutboxTable } from '@cybertacotruck/bus';
import type { ColumnType, Generated } from 'kysely';
import type { CancelledBy, PickupLocation, ReservationStatus, VehicleModel } from '@cybertacotruck/contracts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type RateTable = {
  model: VehicleModel;
  daily_rate_minor: number;
  deposit_minor: number;
  currency: string;
  updated_at: UpdatedAt;
};

export type TermsTable = {
  version: Generated<number>;
  title: string;
  body: string;
  published_at: CreatedAt;
};

export type ReservationTable = {
  /** Chosen by the service before the hold is placed: the calendar hold's `reference`. */
  id: string;
  customer_id: string;
  vehicle_id: string;
  /** The vehicle as it was when held, so lists and events need not ask inventory again. */
  vehicle_model: VehicleModel;
  vehicle_name: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  status: ReservationStatus;
  /** The inventory calendar claim (hold, then booking) this reservation occupies. */
  claim_id: string;
  hold_expires_at: Date | null;
  /** The quote, frozen when the vehicle was held. Dates are 'YYYY-MM-DD' in `time_zone`. */
  pickup_date: string;
  return_date: string;
  days: number;
  daily_rate_minor: number;
  subtotal_minor: number;
  deposit_minor: number;
  total_due_minor: number;
  currency: string;
  /** Shown with the hold; the version accepted once confirmed. */
  terms_version: number;
  terms_accepted_at: Date | null;
  free_cancel_until: Date;
  cancelled_by: CancelledBy | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  /** Cancelled or expired: when its claim was released in the calendar (null = still owed). */
  claim_released_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Confirmed, but its booking was lost and could not be restored: when the operators were told. */
  conflict_reported_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The vehicle's home location when it was held (JSON); null when it had none. */
  pickup_location: ColumnType<PickupLocation | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

/**
 * One row per (user, Idempotency-Key): the request it was first used for and, once finished, the
 * answer every retry replays. `locked_at` is the lease of the request working on it.
 */
export type IdempotencyKeyTable = {
  user_id: string;
  key: string;
  operation: string;
  request_hash: string;
  reservation_id: string | null;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null>;
  created_at: CreatedAt;
  /** Which attempt holds the key now; a takeover gives it a new one, so a late attempt cannot finish. */
  lease_id: string;
  locked_at: Date;
  completed_at: Date | null;
};

/** The reservation service's tables, schema-qualified: its code can name no other service's table. */
export type ReservationTables = {
  'reservation.rate': RateTable;
  'reservation.terms': TermsTable;
  'reservation.reservation': ReservationTable;
  'reservation.idempotency_key': IdempotencyKeyTable;
  'reservation.outbox': OutboxTable;
};
