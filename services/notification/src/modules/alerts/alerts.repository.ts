import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AlertReason } from '@cybertacotruck/contracts';
import type { AlertTable, NotificationTables, VehicleStatusTable } from '../../tables';

export interface AlertRecord {
  id: string;
  reason: AlertReason;
  reservationId: string;
  vehicleId: string;
  vehicleName: string;
  batteryLevel: number | null;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

export interface ReservationFacts {
  reservationId: string;
  customerId: string;
  vehicleId: string;
  vehicleName: string;
  startsAt: Date;
  endsAt: Date;
}

const toAlert = (r: Selectable<AlertTable>): AlertRecord => ({
  id: r.id,
  reason: r.reason,
  reservationId: r.reservation_id,
  vehicleId: r.vehicle_id,
  vehicleName: r.vehicle_name,
  batteryLevel: r.battery_level,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  createdAt: r.created_at,
});

/** The projection row of one reservation, as an event tells it. */
const reservationRow = (r: ReservationFacts, status: 'confirmed' | 'cancelled', now: Date) => ({
  reservation_id: r.reservationId,
  customer_id: r.customerId,
  vehicle_id: r.vehicleId,
  vehicle_name: r.vehicleName,
  starts_at: r.startsAt,
  ends_at: r.endsAt,
  status,
  updated_at: now,
});

/** The projections operator alerts are computed from, and the alerts themselves. */
export class AlertsRepository {
  constructor(private readonly db: Kysely<NotificationTables>) {}

  async upsertConfirmed(r: ReservationFacts, now: Date): Promise<void> {
    await this.db
      .insertInto('notification.reservation')
      .values(reservationRow(r, 'confirmed', now))
      // A late `confirmed` after a `cancelled` must not bring the reservation back.
      .onConflict((oc) => oc.column('reservation_id').doNothing())
      .execute();
  }

  async markCancelled(r: ReservationFacts, now: Date): Promise<void> {
    await this.db
      .insertInto('notification.reservation')
      .values(reservationRow(r, 'cancelled', now))
      .onConflict((oc) => oc.column('reservation_id').doUpdateSet({ status: 'cancelled', updated_at: now }))
      .execute();
  }

  /** Keeps the newest status per vehicle: an older event (out of order, replayed) changes nothing. */
  async recordVehicleStatus(v: Selectable<VehicleStatusTable>): Promise<boolean> {
    const row = await this.db
      .insertInto('notification.vehicle_status')
      .values(v)
      .onConflict((oc) =>
        oc
          .column('vehicle_id')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            connectivity: eb.ref('excluded.connectivity'),
            streaming: eb.ref('excluded.streaming'),
            battery_level: eb.ref('excluded.battery_level'),
            at: eb.ref('excluded.at'),
          }))
          .where('notification.vehicle_status.at', '<', v.at),
      )
      .returning('vehicle_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** One reservation as the events told it (confirmed or cancelled), or null when none arrived yet. */
  async reservation(
    reservationId: string,
  ): Promise<(ReservationFacts & { status: 'confirmed' | 'cancelled' }) | null> {
    const r = await this.db
      .selectFrom('notification.reservation')
      .selectAll()
      .where('reservation_id', '=', reservationId)
      .executeTakeFirst();
    return r
      ? {
          reservationId: r.reservation_id,
          customerId: r.customer_id,
          vehicleId: r.vehicle_id,
          vehicleName: r.vehicle_name,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          status: r.status,
        }
      : null;
  }

  /** Confirmed reservations of the vehicle on rental at `at` (from ≤ at < to). */
  async onRental(vehicleId: string, at: Date): Promise<ReservationFacts[]> {
    const rows = await this.db
      .selectFrom('notification.reservation')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .where('status', '=', 'confirmed')
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at)
      .execute();
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      customerId: r.customer_id,
      vehicleId: r.vehicle_id,
      vehicleName: r.vehicle_name,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
    }));
  }

  /** Confirmed pickups in (now, now + lookahead] whose vehicle's latest battery level is below `percent`. */
  async lowChargePickups(
    now: Date,
    lookaheadMs: number,
    percent: number,
    vehicleId?: string,
  ): Promise<Array<ReservationFacts & { batteryLevel: number }>> {
    let query = this.db
      .selectFrom('notification.reservation as r')
      .innerJoin('notification.vehicle_status as v', 'v.vehicle_id', 'r.vehicle_id')
      .select([
        'r.reservation_id',
        'r.customer_id',
        'r.vehicle_id',
        'r.vehicle_name',
        'r.starts_at',
        'r.ends_at',
        'v.battery_level',
      ])
      .where('r.status', '=', 'confirmed')
      .where('r.starts_at', '>', now)
      .where('r.starts_at', '<=', new Date(now.getTime() + lookaheadMs))
      .where('v.battery_level', '<', percent);
    if (vehicleId) query = query.where('r.vehicle_id', '=', vehicleId);
    const rows = await query.execute();
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      customerId: r.customer_id,
      vehicleId: r.vehicle_id,
      vehicleName: r.vehicle_name,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      batteryLevel: r.battery_level ?? 0,
    }));
  }

  /** Records the alert once per reservation × reason; null when it was already raised. */
  async raise(
    reason: AlertReason,
    r: ReservationFacts,
    batteryLevel: number | null,
    now: Date,
  ): Promise<AlertRecord | null> {
    const row = await this.db
      .insertInto('notification.alert')
      .values({
        id: randomUUID(),
        reason,
        reservation_id: r.reservationId,
        vehicle_id: r.vehicleId,
        vehicle_name: r.vehicleName,
        battery_level: batteryLevel,
        starts_at: r.startsAt,
        ends_at: r.endsAt,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['reservation_id', 'reason']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toAlert(row) : null;
  }

  async list(filter: { reason?: AlertReason; vehicleId?: string; limit: number }): Promise<AlertRecord[]> {
    let query = this.db.selectFrom('notification.alert').selectAll();
    if (filter.reason) query = query.where('reason', '=', filter.reason);
    if (filter.vehicleId) query = query.where('vehicle_id', '=', filter.vehicleId);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
    return rows.map(toAlert);
  }
}
