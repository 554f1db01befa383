import { sql, type Kysely, type Selectable } from 'kysely';
import type { CancelledBy, PickupLocation, ReservationStatus, VehicleModel } from '@cybertacotruck/contracts';
import type { ReservationTable, ReservationTables } from '../../tables';

/** A reservation as the service works with it: the stored row in plain, typed fields. */
export interface ReservationRecord {
  id: string;
  customerId: string;
  vehicleId: string;
  vehicleModel: VehicleModel;
  vehicleName: string;
  from: Date;
  to: Date;
  timeZone: string;
  status: ReservationStatus;
  claimId: string;
  holdExpiresAt: Date | null;
  quote: {
    pickupDate: string;
    returnDate: string;
    days: number;
    dailyRateMinor: number;
    subtotalMinor: number;
    depositMinor: number;
    totalDueMinor: number;
    currency: string;
  };
  termsVersion: number;
  termsAcceptedAt: Date | null;
  freeCancelUntil: Date;
  cancelledBy: CancelledBy | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  /** Closed reservations: when the calendar claim was released; null while that is still owed. */
  claimReleasedAt: Date | null;
  /** Where the car is collected: the vehicle's home location when it was held. */
  pickupLocation: PickupLocation | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Reservations that no longer occupy their vehicle: their calendar claim is released (a returned
 * car is free again, even before the period's end; a no-show's car too).
 */
export const CLOSED_STATUSES = [
  'cancelled',
  'expired',
  'no_show',
  'returned',
] as const satisfies readonly ReservationStatus[];

export interface ReservationFilter {
  customerId?: string | undefined;
  vehicleId?: string | undefined;
  statuses?: readonly ReservationStatus[] | undefined;
  /** Overlapping [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Returned by then (`past`) or not yet (`upcoming`). */
  endsBy?: Date | undefined;
  endsAfter?: Date | undefined;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export const toRecord = (r: Selectable<ReservationTable>): ReservationRecord => ({
  id: r.id,
  customerId: r.customer_id,
  vehicleId: r.vehicle_id,
  vehicleModel: r.vehicle_model,
  vehicleName: r.vehicle_name,
  from: r.starts_at,
  to: r.ends_at,
  timeZone: r.time_zone,
  status: r.status,
  claimId: r.claim_id,
  holdExpiresAt: r.hold_expires_at,
  quote: {
    pickupDate: r.pickup_date,
    returnDate: r.return_date,
    days: r.days,
    dailyRateMinor: r.daily_rate_minor,
    subtotalMinor: r.subtotal_minor,
    depositMinor: r.deposit_minor,
    totalDueMinor: r.total_due_minor,
    currency: r.currency,
  },
  termsVersion: r.terms_version,
  termsAcceptedAt: r.terms_accepted_at,
  freeCancelUntil: r.free_cancel_until,
  cancelledBy: r.cancelled_by,
  cancelledAt: r.cancelled_at,
  cancelReason: r.cancel_reason,
  claimReleasedAt: r.claim_released_at,
  pickupLocation: r.pickup_location,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class ReservationsRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async insert(r: ReservationRecord): Promise<void> {
    await this.db
      .insertInto('reservation.reservation')
      .values({
        id: r.id,
        customer_id: r.customerId,
        vehicle_id: r.vehicleId,
        vehicle_model: r.vehicleModel,
        vehicle_name: r.vehicleName,
        starts_at: r.from,
        ends_at: r.to,
        time_zone: r.timeZone,
        status: r.status,
        claim_id: r.claimId,
        hold_expires_at: r.holdExpiresAt,
        pickup_date: r.quote.pickupDate,
        return_date: r.quote.returnDate,
        days: r.quote.days,
        daily_rate_minor: r.quote.dailyRateMinor,
        subtotal_minor: r.quote.subtotalMinor,
        deposit_minor: r.quote.depositMinor,
        total_due_minor: r.quote.totalDueMinor,
        currency: r.quote.currency,
        terms_version: r.termsVersion,
        terms_accepted_at: r.termsAcceptedAt,
        free_cancel_until: r.freeCancelUntil,
        cancelled_by: r.cancelledBy,
        cancelled_at: r.cancelledAt,
        cancel_reason: r.cancelReason,
        claim_released_at: r.claimReleasedAt,
        pickup_location: r.pickupLocation && JSON.stringify(r.pickupLocation),
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      })
      .execute();
  }

  async findById(id: string): Promise<ReservationRecord | undefined> {
    const row = await this.db
      .selectFrom('reservation.reservation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** held → confirmed; undefined when it is no longer held (cancelled or expired meanwhile). */
  async confirm(id: string, termsVersion: number, at: Date): Promise<ReservationRecord | undefined> {
    const row = await this.db
      .updateTable('reservation.reservation')
      .set({
        status: 'confirmed',
        terms_version: termsVersion,
        terms_accepted_at: at,
        hold_expires_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'held')
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** held | confirmed → cancelled; undefined when it was already closed. */
  async cancel(
    id: string,
    by: CancelledBy,
    reason: string | null,
    at: Date,
  ): Promise<ReservationRecord | undefined> {
    const row = await this.db
      .updateTable('reservation.reservation')
      .set({
        status: 'cancelled',
        cancelled_by: by,
        cancelled_at: at,
        cancel_reason: reason,
        hold_expires_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', 'in', ['held', 'confirmed'])
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** held → expired for one reservation whose hold the calendar says has lapsed. */
  async expire(id: string, at: Date): Promise<ReservationRecord | undefined> {
    const row = await this.db
      .updateTable('reservation.reservation')
      .set({ status: 'expired', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'held')
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Marks up to `limit` held reservations whose hold lapsed by `at` as expired, in one statement.
   * SKIP LOCKED lets sweeps in several processes share the work; the `status = 'held'` guard on
   * the update itself means a row is expired (and its event written by the caller) exactly once.
   */
  async expireLapsed(at: Date, limit: number): Promise<ReservationRecord[]> {
    // The batch is chosen once, in a materialized CTE. As `id IN (SELECT … LIMIT … FOR UPDATE SKIP
    // LOCKED)` the plan decides whether the subquery runs once: the reservation expiry's did not, and
    // took more than its limit.
    const rows = await this.db
      .with(
        (cte) => cte('batch').materialized(),
        (db) =>
          db
            .selectFrom('reservation.reservation')
            .select('id')
            .where('status', '=', 'held')
            .where('hold_expires_at', '<=', at)
            .orderBy('hold_expires_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
      )
      .updateTable('reservation.reservation')
      .set({ status: 'expired', updated_at: at })
      .where('status', '=', 'held')
      .where('id', 'in', (eb) => eb.selectFrom('batch').select('batch.id'))
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  async findByIds(ids: readonly string[]): Promise<ReservationRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('reservation.reservation')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(toRecord);
  }

  /** Closed reservations whose claim release is still owed, oldest first. */
  async releaseDue(limit: number): Promise<ReservationRecord[]> {
    const rows = await this.db
      .selectFrom('reservation.reservation')
      .selectAll()
      .where('status', 'in', [...CLOSED_STATUSES])
      .where('claim_released_at', 'is', null)
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** Records that a closed reservation's claim is released (the calendar said so). */
  async markClaimReleased(id: string, claimId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('reservation.reservation')
      .set({ claim_released_at: at })
      .where('id', '=', id)
      .where('claim_id', '=', claimId)
      .where('status', 'in', [...CLOSED_STATUSES])
      .where('claim_released_at', 'is', null)
      .execute();
  }

  /** Confirmed reservations not yet over at `now`, a page at a time by (end, id). */
  async confirmedUntil(
    now: Date,
    after: { endsAt: Date; id: string } | null,
    limit: number,
  ): Promise<ReservationRecord[]> {
    let query = this.db
      .selectFrom('reservation.reservation')
      .selectAll()
      .where('status', '=', 'confirmed')
      .where('ends_at', '>', now);
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('ends_at', '>', after.endsAt),
          eb.and([eb('ends_at', '=', after.endsAt), eb('id', '>', after.id)]),
        ]),
      );
    const rows = await query.orderBy('ends_at').orderBy('id').limit(limit).execute();
    return rows.map(toRecord);
  }

  /** A confirmed reservation now occupies another claim (its booking was restored); false if it changed meanwhile. */
  async replaceClaim(id: string, oldClaimId: string, newClaimId: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('reservation.reservation')
      .set({ claim_id: newClaimId, conflict_reported_at: null, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .where('claim_id', '=', oldClaimId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Marks a confirmed reservation's lost booking as reported; true only the first time. */
  async markConflictReported(id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('reservation.reservation')
      .set({ conflict_reported_at: at })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .where('conflict_reported_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Serialises a customer's new reservations until the transaction ends (a transaction-scoped
   * advisory lock on the customer's id): two holds by one customer cannot both count the other out.
   */
  async lockCustomer(customerId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`reservation.customer:${customerId}`}, 0))`.execute(
      this.db,
    );
  }

  /**
   * What a customer has open at `at`: holds still waiting for confirmation, and those plus
   * confirmed reservations that have not ended (`except`: a reservation not to count, the one being made).
   */
  async openCounts(
    customerId: string,
    at: Date,
    except: string,
  ): Promise<{ holds: number; upcoming: number }> {
    const row = await this.db
      .selectFrom('reservation.reservation')
      .select((eb) => [
        eb.fn
          .count<string>('id')
          .filterWhere((f) => f.and([f('status', '=', 'held'), f('hold_expires_at', '>', at)]))
          .as('holds'),
        eb.fn.count<string>('id').as('upcoming'),
      ])
      .where('customer_id', '=', customerId)
      .where('id', '!=', except)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '>', at)]),
          eb.and([eb('status', '=', 'confirmed'), eb('ends_at', '>', at)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return { holds: Number(row.holds), upcoming: Number(row.upcoming) };
  }

  async list(f: ReservationFilter): Promise<ReservationRecord[]> {
    let query = this.db.selectFrom('reservation.reservation').selectAll();
    if (f.customerId !== undefined) query = query.where('customer_id', '=', f.customerId);
    if (f.vehicleId !== undefined) query = query.where('vehicle_id', '=', f.vehicleId);
    if (f.statuses !== undefined) query = query.where('status', 'in', [...f.statuses]);
    if (f.from !== undefined) query = query.where('ends_at', '>', f.from);
    if (f.to !== undefined) query = query.where('starts_at', '<', f.to);
    if (f.endsBy !== undefined) query = query.where('ends_at', '<=', f.endsBy);
    if (f.endsAfter !== undefined) query = query.where('ends_at', '>', f.endsAfter);
    const rows = await query
      .orderBy('starts_at', f.order)
      .orderBy('id', f.order)
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return rows.map(toRecord);
  }
}
