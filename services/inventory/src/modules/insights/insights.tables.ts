import type { ColumnType } from 'kysely';
import type { CancelledBy, VehicleModel } from '@cybertacotruck/contracts';
import type { InventoryTables } from '../../tables';

type Time = ColumnType<Date, Date | string, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** PostgreSQL `date` read as text (the pg type parser and PGlite disagree on Date). */
type DayColumn = ColumnType<string, string, string>;

/** One reservation as its events told it: the facts of the latest event, each step's first time. */
export type InsightsReservationTable = {
  reservation_id: string;
  customer_id: string;
  vehicle_id: string;
  vehicle_name: string;
  model: VehicleModel;
  starts_at: Time;
  ends_at: Time;
  currency: string;
  rental_minor: number | null;
  facts_at: Time;
  held_at: MaybeTime;
  confirmed_at: MaybeTime;
  cancelled_at: MaybeTime;
  expired_at: MaybeTime;
  picked_up_at: MaybeTime;
  returned_at: MaybeTime;
  no_show_at: MaybeTime;
  booking_lost_at: MaybeTime;
  cancelled_by: CancelledBy | null;
  cancel_reason: string | null;
  cancelled_was_confirmed: boolean | null;
  charges_minor: number | null;
  last_event_at: Time;
};

export type InsightsPersonTable = {
  step: 'invited' | 'registered';
  subject_id: string;
  at: Time;
};

export type InsightsSearchDayTable = {
  day: DayColumn;
  model: string;
  from_day: DayColumn;
  to_day: DayColumn;
  searches: number;
  unmet: number;
};

export type InsightsSearcherTable = {
  day: DayColumn;
  customer_id: string;
};

/** Inventory's tables with this module's own (kept here so the module is one folder). */
export type InsightsTables = InventoryTables & {
  'inventory.insights_reservation': InsightsReservationTable;
  'inventory.insights_person': InsightsPersonTable;
  'inventory.insights_search_day': InsightsSearchDayTable;
  'inventory.insights_searcher': InsightsSearcherTable;
};
