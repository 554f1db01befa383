import { sql, type Kysely, type Transaction } from 'kysely';
import { OutboxRepository } from '@cybertacotruck/bus';
import type { GeofenceScope, GeofenceShape, RentalAccessEndReason } from '@cybertacotruck/contracts';
import type { InventoryTables } from '../../tables';
import type { GeofenceRecord, RentalAccessRow, RentalAccessTables } from './rental-access.tables';

export type { GeofenceRecord, RentalAccessRow } from './rental-access.tables';
type Db = Kysely<RentalAccessTables> | Transaction<RentalAccessTables>;

/** The open states: a step may still be due. */
export const OPEN_STATES = ['scheduled', 'driver_limit', 'invited', 'moving', 'revoking'] as const;

export interface NewAccess {
  reservationId: string;
  vehicleId: string;
  customerId: string;
  vehicleName: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  inviteDueAt: Date;
}

/** Rental access rows and geofences; every write is one statement or the caller's transaction. */
export class RentalAccessRepository {
  constructor(private readonly db: Kysely<RentalAccessTables>) {}

  withTransaction<T>(
    f: (repo: RentalAccessRepository, outbox: OutboxRepository<InventoryTables>) => Promise<T>,
  ) {
    return this.db
      .transaction()
      .execute((trx) =>
        f(
          new RentalAccessRepository(trx),
          new OutboxRepository(trx as unknown as Kysely<InventoryTables>, 'inventory'),
        ),
      );
  }

  /** The same repository over a bus handler's transaction. */
  static over(trx: Db): RentalAccessRepository {
    return new RentalAccessRepository(trx);
  }

  /** A confirmed reservation's row; a repeated confirmation changes nothing. */
  async schedule(a: NewAccess): Promise<void> {
    await this.db
      .insertInto('inventory.rental_access')
      .values({
        reservation_id: a.reservationId,
        vehicle_id: a.vehicleId,
        customer_id: a.customerId,
        vehicle_name: a.vehicleName,
        starts_at: a.startsAt,
        ends_at: a.endsAt,
        time_zone: a.timeZone,
        state: 'scheduled',
        end_reason: null,
        picked_up_at: null,
        invite_due_at: a.inviteDueAt,
        invitation_id: null,
        share_link_sealed: null,
        invitation_expires_at: null,
        invited_at: null,
        revoke_due_at: null,
        revoked_at: null,
        next_attempt_at: a.inviteDueAt,
        last_error: null,
        driver_limit_alerted_at: null,
        outside_geofence_since: null,
      })
      .onConflict((oc) => oc.column('reservation_id').doNothing())
      .execute();
  }

  /**
   * A moved booking (reservation.reservation.moved). Not invited yet: the row follows it whole (car,
   * dates, the invitation's time, due again then). Invited, same car: the dates follow (the access
   * window), the invitation stands. Invited, another car (or already moving): the row becomes
   * `moving`, due now — the worker revokes the invited car's invitation and driver before it
   * invites the renter to the new one; the renter's access to a car they no longer rent never
   * outlives the move by more than a worker pass. Closed or picked-up rows are left as they are.
   */
  async moved(
    m: {
      reservationId: string;
      vehicleId: string;
      vehicleName: string;
      startsAt: Date;
      endsAt: Date;
      inviteDueAt: Date;
    },
    now: Date,
  ): Promise<RentalAccessRow | undefined> {
    const notInvited = await this.db
      .updateTable('inventory.rental_access')
      .set({
        vehicle_id: m.vehicleId,
        vehicle_name: m.vehicleName,
        starts_at: m.startsAt,
        ends_at: m.endsAt,
        invite_due_at: m.inviteDueAt,
        next_attempt_at: m.inviteDueAt,
        attempts: 0,
        last_error: null,
        updated_at: now,
      })
      .where('reservation_id', '=', m.reservationId)
      .where('state', 'in', ['scheduled', 'driver_limit'])
      .where('picked_up_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (notInvited) return notInvited;
    const sameCar = await this.db
      .updateTable('inventory.rental_access')
      .set({ starts_at: m.startsAt, ends_at: m.endsAt, updated_at: now })
      .where('reservation_id', '=', m.reservationId)
      .where('state', '=', 'invited')
      .where('vehicle_id', '=', m.vehicleId)
      .where('picked_up_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (sameCar) return sameCar;
    // Once moving, a move back to the invited car still goes through the revoke: a worker may be
    // revoking that invitation at this moment.
    return this.db
      .updateTable('inventory.rental_access')
      .set({
        state: 'moving',
        moving_to_vehicle_id: m.vehicleId,
        moving_to_vehicle_name: m.vehicleName,
        starts_at: m.startsAt,
        ends_at: m.endsAt,
        invite_due_at: m.inviteDueAt,
        next_attempt_at: now,
        attempts: 0,
        last_error: null,
        updated_at: now,
      })
      .where('reservation_id', '=', m.reservationId)
      .where('state', 'in', ['invited', 'moving'])
      .where('picked_up_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * A moving row whose invited car is given back: it starts again, scheduled, on the car it moves
   * to (invited when its invitation is due, at once if that has passed). If another move named
   * another car meanwhile, the row stays moving, toward that one, with nothing left to revoke:
   * the next pass schedules it. Returns whether it was scheduled.
   */
  async restartOnNewCar(
    reservationId: string,
    target: { id: string; name: string },
    now: Date,
  ): Promise<boolean> {
    const released = {
      invitation_id: null,
      share_link_sealed: null,
      invitation_expires_at: null,
      invited_at: null,
      drivers_before: '[]',
      speed_limit: 'off' as const,
      attempts: 0,
      last_error: null,
      updated_at: now,
    };
    const scheduled = await this.db
      .updateTable('inventory.rental_access')
      .set({
        ...released,
        state: 'scheduled',
        vehicle_id: target.id,
        vehicle_name: target.name,
        moving_to_vehicle_id: null,
        moving_to_vehicle_name: null,
        next_attempt_at: sql<Date>`greatest(invite_due_at, ${now}::timestamptz)`,
        driver_limit_alerted_at: null,
        outside_geofence_since: null,
      })
      .where('reservation_id', '=', reservationId)
      .where('state', '=', 'moving')
      .where('moving_to_vehicle_id', '=', target.id)
      .executeTakeFirst();
    if (scheduled.numUpdatedRows > 0n) return true;
    await this.db
      .updateTable('inventory.rental_access')
      .set({ ...released, next_attempt_at: now })
      .where('reservation_id', '=', reservationId)
      .where('state', '=', 'moving')
      .execute();
    return false;
  }

  async get(reservationId: string): Promise<RentalAccessRow | undefined> {
    return this.db
      .selectFrom('inventory.rental_access')
      .selectAll()
      .where('reservation_id', '=', reservationId)
      .executeTakeFirst();
  }

  async list(q: { reservationId?: string; vehicleId?: string; open?: boolean }): Promise<RentalAccessRow[]> {
    let query = this.db.selectFrom('inventory.rental_access').selectAll();
    if (q.reservationId) query = query.where('reservation_id', '=', q.reservationId);
    if (q.vehicleId) query = query.where('vehicle_id', '=', q.vehicleId);
    if (q.open) query = query.where('state', 'in', OPEN_STATES);
    return query.orderBy('starts_at', 'desc').limit(200).execute();
  }

  async markPickedUp(reservationId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('inventory.rental_access')
      .set({ picked_up_at: at, next_attempt_at: at, updated_at: new Date() })
      .where('reservation_id', '=', reservationId)
      .where('state', 'in', OPEN_STATES)
      .execute();
  }

  /**
   * The access must end: a row that never got an invitation and never set a speed limit is simply
   * closed; otherwise it goes to `revoking`, due now. An ended row is left as it is.
   */
  async end(
    reservationId: string,
    reason: RentalAccessEndReason,
    now: Date,
  ): Promise<RentalAccessRow | undefined> {
    const row = await this.db
      .updateTable('inventory.rental_access')
      .set({
        state: sql<
          'closed' | 'revoking'
        >`case when invitation_id is null and speed_limit = 'off' then 'closed' else 'revoking' end`,
        end_reason: reason,
        revoke_due_at: now,
        // A booking ended while moving: only the invited car has anything to revoke.
        moving_to_vehicle_id: null,
        moving_to_vehicle_name: null,
        next_attempt_at: sql<Date | null>`case when invitation_id is null and speed_limit = 'off' then null else ${now}::timestamptz end`,
        attempts: 0,
        last_error: null,
        updated_at: now,
      })
      .where('reservation_id', '=', reservationId)
      .where('state', 'in', OPEN_STATES)
      .where('state', '!=', 'revoking')
      .returningAll()
      .executeTakeFirst();
    return row;
  }

  /**
   * Claims up to `limit` rows with a step due, pushing their next attempt `leaseMs` ahead so a
   * worker in another replica (or a crash) does not run the same step twice at once.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<RentalAccessRow[]> {
    const result = await sql<RentalAccessRow>`
      update inventory.rental_access set next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      where reservation_id in (
        select reservation_id from inventory.rental_access
        where state in ('scheduled', 'driver_limit', 'invited', 'moving', 'revoking') and next_attempt_at <= ${now}
        order by next_attempt_at
        limit ${limit}
        for update skip locked)
      returning *`.execute(this.db);
    return result.rows;
  }

  /** Writes what a step did (only if the row is still in the state the step started from). */
  async update(
    reservationId: string,
    from: RentalAccessRow['state'],
    set: Partial<Omit<RentalAccessRow, 'reservation_id' | 'created_at' | 'updated_at' | 'drivers_before'>> & {
      drivers_before?: string[];
    },
    now: Date,
  ): Promise<boolean> {
    const { drivers_before, ...rest } = set;
    const result = await this.db
      .updateTable('inventory.rental_access')
      .set({
        ...rest,
        ...(drivers_before ? { drivers_before: JSON.stringify(drivers_before) } : {}),
        updated_at: now,
      })
      .where('reservation_id', '=', reservationId)
      .where('state', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Rentals whose car is out with the renter now: for the geofence check. */
  async onRental(now: Date): Promise<RentalAccessRow[]> {
    return this.db
      .selectFrom('inventory.rental_access')
      .selectAll()
      .where('state', 'in', ['scheduled', 'driver_limit', 'invited'])
      .where((eb) => eb.or([eb('picked_up_at', 'is not', null), eb('starts_at', '<=', now)]))
      .where('ends_at', '>', sql<Date>`${now}::timestamptz - interval '1 day'`)
      .execute();
  }

  async setOutsideSince(reservationId: string, since: Date | null): Promise<void> {
    await this.db
      .updateTable('inventory.rental_access')
      .set({ outside_geofence_since: since })
      .where('reservation_id', '=', reservationId)
      .execute();
  }

  async geofences(): Promise<GeofenceRecord[]> {
    const rows = await this.db
      .selectFrom('inventory.geofence')
      .selectAll()
      .orderBy('updated_at', 'desc')
      .execute();
    return rows.map((r) => ({
      scope: r.scope,
      scopeId: r.scope_id,
      shape: r.shape,
      updatedAt: r.updated_at,
    }));
  }

  async putGeofence(
    scope: GeofenceScope,
    scopeId: string,
    shape: GeofenceShape,
    now: Date,
  ): Promise<GeofenceRecord> {
    const row = await this.db
      .insertInto('inventory.geofence')
      .values({ scope, scope_id: scopeId, shape: JSON.stringify(shape), updated_at: now })
      .onConflict((oc) =>
        oc.columns(['scope', 'scope_id']).doUpdateSet({ shape: JSON.stringify(shape), updated_at: now }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return { scope: row.scope, scopeId: row.scope_id, shape: row.shape, updatedAt: row.updated_at };
  }

  async deleteGeofence(scope: GeofenceScope, scopeId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('inventory.geofence')
      .where('scope', '=', scope)
      .where('scope_id', '=', scopeId)
      .executeTakeFirst();
    return r.numDeletedRows > 0n;
  }

  /** The fence that applies to a vehicle: its own, else its home location's. */
  async fenceFor(vehicleId: string): Promise<GeofenceShape | null> {
    const row = await this.db
      .selectFrom('inventory.vehicle as v')
      .leftJoin('inventory.geofence as own', (j) =>
        j.onRef('own.scope_id', '=', 'v.id').on('own.scope', '=', 'vehicle'),
      )
      .leftJoin('inventory.geofence as home', (j) =>
        j.onRef('home.scope_id', '=', 'v.home_location_id').on('home.scope', '=', 'location'),
      )
      .select(['own.shape as own', 'home.shape as home'])
      .where('v.id', '=', vehicleId)
      .executeTakeFirst();
    return row?.own ?? row?.home ?? null;
  }

  async vehicleModel(
    vehicleId: string,
  ): Promise<RentalAccessTables['inventory.vehicle']['model'] | undefined> {
    const row = await this.db
      .selectFrom('inventory.vehicle')
      .select('model')
      .where('id', '=', vehicleId)
      .executeTakeFirst();
    return row?.model;
  }
}
