import { sql, type Kysely, type Transaction } from 'kysely';
import type { CancelledBy, VehicleModel } from '@cybertacotruck/contracts';
import type { InsightsTables } from './insights.tables';

type Db = Kysely<InsightsTables> | Transaction<InsightsTables>;

/** A reservation step as one event tells it; the event's time decides which facts are newest. */
export const RESERVATION_STEPS = [
  'held',
  'confirmed',
  'cancelled',
  'expired',
  'picked_up',
  'returned',
  'no_show',
  'booking_lost',
] as const;
export type ReservationStep = (typeof RESERVATION_STEPS)[number];

export interface ReservationFact {
  reservationId: string;
  customerId: string;
  vehicleId: string;
  vehicleName: string;
  model: VehicleModel;
  startsAt: Date;
  endsAt: Date;
  currency: string;
  rentalMinor: number | null;
  /** When the event happened (its envelope's occurredAt): the newest event's facts win. */
  occurredAt: Date;
  step: ReservationStep;
  /** When the step happened (a pickup's or return's own time, else the event's). */
  at: Date;
  cancellation?: { by: CancelledBy; reason: string | null; wasConfirmed: boolean };
  chargesMinor?: number;
}

/** A reservation as the numbers read it. */
export interface InsightsReservation {
  reservationId: string;
  customerId: string;
  vehicleId: string;
  model: VehicleModel;
  startsAt: Date;
  endsAt: Date;
  currency: string;
  rentalMinor: number | null;
  heldAt: Date | null;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  expiredAt: Date | null;
  pickedUpAt: Date | null;
  returnedAt: Date | null;
  noShowAt: Date | null;
  bookingLostAt: Date | null;
  cancelledBy: CancelledBy | null;
  cancelReason: string | null;
  cancelledWasConfirmed: boolean | null;
  chargesMinor: number | null;
}

/** Searches rolled up: per day searched, model asked for ('' any) and the period's days. */
export interface SearchDayRow {
  day: string;
  model: string;
  fromDay: string;
  toDay: string;
  searches: number;
  unmet: number;
}

export interface DayStart {
  day: string;
  start: Date;
}

export interface FleetVehicle {
  id: string;
  vin: string;
  displayName: string;
  model: VehicleModel;
  createdAt: Date;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** The projection's rows: every write is one statement, in the caller's transaction when given. */
export class InsightsRepository {
  constructor(private readonly db: Db) {}

  static over(trx: Db): InsightsRepository {
    return new InsightsRepository(trx);
  }

  /**
   * One reservation event into its row. Commutative and idempotent: each step keeps its first
   * time (`least` ignores nulls), the facts (car, period, price) are those of the newest event, so
   * the row is the same whatever order the events come in and however often.
   */
  async recordReservation(f: ReservationFact): Promise<void> {
    const stepAt = (s: ReservationStep) => (f.step === s ? f.at.toISOString() : null);
    const c = f.cancellation;
    await sql`
      insert into inventory.insights_reservation as r (
        reservation_id, customer_id, vehicle_id, vehicle_name, model, starts_at, ends_at, currency,
        rental_minor, facts_at, held_at, confirmed_at, cancelled_at, expired_at, picked_up_at,
        returned_at, no_show_at, booking_lost_at, cancelled_by, cancel_reason, cancelled_was_confirmed,
        charges_minor, last_event_at)
      values (
        ${f.reservationId}, ${f.customerId}, ${f.vehicleId}, ${f.vehicleName}, ${f.model},
        ${f.startsAt.toISOString()}, ${f.endsAt.toISOString()}, ${f.currency}, ${f.rentalMinor},
        ${f.occurredAt.toISOString()}, ${stepAt('held')}, ${stepAt('confirmed')}, ${stepAt('cancelled')},
        ${stepAt('expired')}, ${stepAt('picked_up')}, ${stepAt('returned')}, ${stepAt('no_show')},
        ${stepAt('booking_lost')}, ${c?.by ?? null}, ${c?.reason ?? null}, ${c?.wasConfirmed ?? null},
        ${f.chargesMinor ?? null}, ${f.occurredAt.toISOString()})
      on conflict (reservation_id) do update set
        customer_id = case when excluded.facts_at >= r.facts_at then excluded.customer_id else r.customer_id end,
        vehicle_id = case when excluded.facts_at >= r.facts_at then excluded.vehicle_id else r.vehicle_id end,
        vehicle_name = case when excluded.facts_at >= r.facts_at then excluded.vehicle_name else r.vehicle_name end,
        model = case when excluded.facts_at >= r.facts_at then excluded.model else r.model end,
        starts_at = case when excluded.facts_at >= r.facts_at then excluded.starts_at else r.starts_at end,
        ends_at = case when excluded.facts_at >= r.facts_at then excluded.ends_at else r.ends_at end,
        currency = case when excluded.facts_at >= r.facts_at then excluded.currency else r.currency end,
        rental_minor = case when excluded.facts_at >= r.facts_at
          then coalesce(excluded.rental_minor, r.rental_minor)
          else coalesce(r.rental_minor, excluded.rental_minor) end,
        facts_at = greatest(r.facts_at, excluded.facts_at),
        held_at = least(r.held_at, excluded.held_at),
        confirmed_at = least(r.confirmed_at, excluded.confirmed_at),
        cancelled_at = least(r.cancelled_at, excluded.cancelled_at),
        expired_at = least(r.expired_at, excluded.expired_at),
        picked_up_at = least(r.picked_up_at, excluded.picked_up_at),
        returned_at = least(r.returned_at, excluded.returned_at),
        no_show_at = least(r.no_show_at, excluded.no_show_at),
        booking_lost_at = least(r.booking_lost_at, excluded.booking_lost_at),
        cancelled_by = coalesce(r.cancelled_by, excluded.cancelled_by),
        cancel_reason = case when r.cancelled_at is null then excluded.cancel_reason else r.cancel_reason end,
        cancelled_was_confirmed = coalesce(r.cancelled_was_confirmed, excluded.cancelled_was_confirmed),
        charges_minor = coalesce(r.charges_minor, excluded.charges_minor),
        last_event_at = greatest(r.last_event_at, excluded.last_event_at)`.execute(this.db);
  }

  /** An invitation or a registration; a repeated one keeps its first time. */
  async recordPerson(step: 'invited' | 'registered', subjectId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('inventory.insights_person')
      .values({ step, subject_id: subjectId, at })
      .onConflict((oc) =>
        oc.columns(['step', 'subject_id']).doUpdateSet({
          at: sql<Date>`least(inventory.insights_person.at, excluded.at)`,
        }),
      )
      .execute();
  }

  /** Adds a batch of searches to the day counters, and who searched on which day. */
  async addSearches(rows: SearchDayRow[], searchers: { day: string; customerId: string }[]): Promise<void> {
    if (rows.length > 0)
      await this.db
        .insertInto('inventory.insights_search_day')
        .values(
          rows.map((r) => ({
            day: r.day,
            model: r.model,
            from_day: r.fromDay,
            to_day: r.toDay,
            searches: r.searches,
            unmet: r.unmet,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['day', 'model', 'from_day', 'to_day']).doUpdateSet({
            searches: sql<number>`inventory.insights_search_day.searches + excluded.searches`,
            unmet: sql<number>`inventory.insights_search_day.unmet + excluded.unmet`,
          }),
        )
        .execute();
    if (searchers.length > 0)
      await this.db
        .insertInto('inventory.insights_searcher')
        .values(searchers.map((s) => ({ day: s.day, customer_id: s.customerId })))
        .onConflict((oc) => oc.columns(['day', 'customer_id']).doNothing())
        .execute();
  }

  /**
   * The midnights of `days` days ending with today's, and the next one, in `timeZone` (PostgreSQL
   * does the arithmetic: a day with a DST change is 23 or 25 hours).
   */
  async dayStarts(now: Date, timeZone: string, days: number): Promise<DayStart[]> {
    const { rows } = await sql<{ day: string; start: Date | string }>`
      with local as (select date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${timeZone}) as midnight)
      select to_char(midnight - make_interval(days => n), 'YYYY-MM-DD') as day,
        (midnight - make_interval(days => n)) at time zone ${timeZone} as start
      from local, generate_series(${days - 1}::int, -1, -1) as n
      order by n desc`.execute(this.db);
    return rows.map((r) => ({ day: r.day, start: new Date(r.start) }));
  }

  /** Reservations with an event since `from` or a period ending after it. */
  async reservations(from: Date): Promise<InsightsReservation[]> {
    const rows = await this.db
      .selectFrom('inventory.insights_reservation')
      .selectAll()
      .where((eb) => eb.or([eb('last_event_at', '>=', from), eb('ends_at', '>', from)]))
      .execute();
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      customerId: r.customer_id,
      vehicleId: r.vehicle_id,
      model: r.model,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      currency: r.currency,
      rentalMinor: r.rental_minor,
      heldAt: date(r.held_at),
      confirmedAt: date(r.confirmed_at),
      cancelledAt: date(r.cancelled_at),
      expiredAt: date(r.expired_at),
      pickedUpAt: date(r.picked_up_at),
      returnedAt: date(r.returned_at),
      noShowAt: date(r.no_show_at),
      bookingLostAt: date(r.booking_lost_at),
      cancelledBy: r.cancelled_by,
      cancelReason: r.cancel_reason,
      cancelledWasConfirmed: r.cancelled_was_confirmed,
      chargesMinor: r.charges_minor,
    }));
  }

  async people(from: Date): Promise<{ step: 'invited' | 'registered'; at: Date }[]> {
    const rows = await this.db
      .selectFrom('inventory.insights_person')
      .select(['step', 'at'])
      .where('at', '>=', from)
      .execute();
    return rows.map((r) => ({ step: r.step, at: new Date(r.at) }));
  }

  async searchDays(fromDay: string): Promise<SearchDayRow[]> {
    const rows = await this.db
      .selectFrom('inventory.insights_search_day')
      .selectAll()
      .where('day', '>=', fromDay)
      .execute();
    return rows.map((r) => ({
      day: r.day,
      model: r.model,
      fromDay: r.from_day,
      toDay: r.to_day,
      searches: r.searches,
      unmet: r.unmet,
    }));
  }

  /** How many customers searched at least once since `fromDay`. */
  async searchers(fromDay: string): Promise<number> {
    const row = await this.db
      .selectFrom('inventory.insights_searcher')
      .select(sql<number>`count(distinct customer_id)::int`.as('n'))
      .where('day', '>=', fromDay)
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** The fleet as inventory knows it (its own table). */
  async vehicles(): Promise<FleetVehicle[]> {
    const rows = await this.db
      .selectFrom('inventory.vehicle')
      .select(['id', 'vin', 'display_name', 'model', 'created_at'])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      vin: r.vin,
      displayName: r.display_name,
      model: r.model,
      createdAt: new Date(r.created_at),
    }));
  }
}
