import type { OutboxTable } from '@cybertacotruck/bus';
import type { ColumnType, Generated } from 'kysely';
import type {
  CancelledBy,
  LifecycleActor,
  PickupLocation,
  ReservationStatus,
  ReturnCharge,
  VehicleModel,
  VehicleReadings,
} from '@cybertacotruck/contracts';
import type { PaymentsTables } from './modules/payments/payments.tables';

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
  /** What a return charges under this version; all null (version 1): nothing. */
  included_km_per_day: ColumnType<number | null, number | null | undefined, never>;
  per_km_fee_minor: ColumnType<number | null, number | null | undefined, never>;
  charge_fee_per_percent_minor: ColumnType<number | null, number | null | undefined, never>;
  late_grace_minutes: ColumnType<number | null, number | null | undefined, never>;
  late_fee_per_hour_minor: ColumnType<number | null, number | null | undefined, never>;
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
  /** Picked up and returned: the readings at each (JSON), who marked it; the charges at return. */
  picked_up_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  picked_up_by: ColumnType<LifecycleActor | null, LifecycleActor | null | undefined, LifecycleActor | null>;
  pickup_readings: ColumnType<VehicleReadings | null, string | null | undefined, string | null>;
  returned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  returned_by: ColumnType<LifecycleActor | null, LifecycleActor | null | undefined, LifecycleActor | null>;
  return_readings: ColumnType<VehicleReadings | null, string | null | undefined, string | null>;
  return_charges: ColumnType<ReturnCharge[] | null, string | null | undefined, string | null>;
  return_total_minor: ColumnType<number | null, number | null | undefined, number | null>;
  no_show_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
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

/** A renter's message to the operator disputing a receipt (stored; the operators list them). */
export type DisputeTable = {
  id: string;
  reservation_id: string;
  customer_id: string;
  message: string;
  created_at: CreatedAt;
};

/** The reservation service's tables, schema-qualified: its code can name no other service's table. */
export type ReservationTables = {
  'reservation.rate': RateTable;
  'reservation.terms': TermsTable;
  'reservation.reservation': ReservationTable;
  'reservation.idempotency_key': IdempotencyKeyTable;
  'reservation.dispute': DisputeTable;
  'reservation.outbox': OutboxTable;
} & PaymentsTables;
