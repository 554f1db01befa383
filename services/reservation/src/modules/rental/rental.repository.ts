import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { LifecycleActor, ReturnCharge, VehicleReadings } from '@cybertacotruck/contracts';
import type { DisputeTable, ReservationTable, ReservationTables } from '../../tables';
import { toRecord, type ReservationRecord } from '../reservations/reservations.repository';

/** A reservation with its rental: pickup, return (readings and charges) and no-show. */
export interface RentalRecord extends ReservationRecord {
  pickedUpAt: Date | null;
  pickedUpBy: LifecycleActor | null;
  pickupReadings: VehicleReadings | null;
  returnedAt: Date | null;
  returnedBy: LifecycleActor | null;
  returnReadings: VehicleReadings | null;
  returnCharges: ReturnCharge[] | null;
  returnTotalMinor: number | null;
  noShowAt: Date | null;
}

export interface DisputeRecord {
  id: string;
  reservationId: string;
  customerId: string;
  vehicleName: string;
  message: string;
  createdAt: Date;
}

const toRental = (r: Selectable<ReservationTable>): RentalRecord => ({
  ...toRecord(r),
  pickedUpAt: r.picked_up_at,
  pickedUpBy: r.picked_up_by,
  pickupReadings: r.pickup_readings,
  returnedAt: r.returned_at,
  returnedBy: r.returned_by,
  returnReadings: r.return_readings,
  returnCharges: r.return_charges,
  returnTotalMinor: r.return_total_minor,
  noShowAt: r.no_show_at,
});

const toDispute = (d: Selectable<DisputeTable> & { vehicle_name: string }): DisputeRecord => ({
  id: d.id,
  reservationId: d.reservation_id,
  customerId: d.customer_id,
  vehicleName: d.vehicle_name,
  message: d.message,
  createdAt: d.created_at,
});

/** Each transition is one guarded update: it happens once, from the one status it may come from. */
export class RentalRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async find(id: string): Promise<RentalRecord | undefined> {
    const row = await this.db
      .selectFrom('reservation.reservation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRental(row);
  }

  async markPickedUp(
    id: string,
    at: Date,
    by: LifecycleActor,
    readings: VehicleReadings,
  ): Promise<RentalRecord | undefined> {
    const row = await this.db
      .updateTable('reservation.reservation')
      .set({
        status: 'picked_up',
        picked_up_at: at,
        picked_up_by: by,
        pickup_readings: JSON.stringify(readings),
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .returningAll()
      .executeTakeFirst();
    return row && toRental(row);
  }

  async markReturned(
    id: string,
    at: Date,
    by: LifecycleActor,
    readings: VehicleReadings,
    charges: ReturnCharge[],
    totalMinor: number,
  ): Promise<RentalRecord | undefined> {
    const row = await this.db
      .updateTable('reservation.reservation')
      .set({
        status: 'returned',
        returned_at: at,
        returned_by: by,
        return_readings: JSON.stringify(readings),
        return_charges: JSON.stringify(charges),
        return_total_minor: totalMinor,
        claim_released_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'picked_up')
      .returningAll()
      .executeTakeFirst();
    return row && toRental(row);
  }

  /** Confirmed reservations not picked up by `startedBefore` become no-shows (a batch, skipping locked rows). */
  async markNoShows(startedBefore: Date, at: Date, limit: number): Promise<RentalRecord[]> {
    const rows = await this.db
      .updateTable('reservation.reservation')
      .set({ status: 'no_show', no_show_at: at, claim_released_at: null, updated_at: at })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('reservation.reservation')
          .select('id')
          .where('status', '=', 'confirmed')
          .where('starts_at', '<=', startedBefore)
          .orderBy('starts_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .where('status', '=', 'confirmed')
      .returningAll()
      .execute();
    return rows.map(toRental);
  }

  /** Picked-up reservations whose period ended by `endedBy`: candidates for an automatic return. */
  async overdue(endedBy: Date, limit: number): Promise<RentalRecord[]> {
    const rows = await this.db
      .selectFrom('reservation.reservation')
      .selectAll()
      .where('status', '=', 'picked_up')
      .where('ends_at', '<=', endedBy)
      .orderBy('ends_at')
      .limit(limit)
      .execute();
    return rows.map(toRental);
  }

  async addDispute(r: { reservationId: string; customerId: string; message: string; at: Date }) {
    const id = randomUUID();
    await this.db
      .insertInto('reservation.dispute')
      .values({
        id,
        reservation_id: r.reservationId,
        customer_id: r.customerId,
        message: r.message,
        created_at: r.at,
      })
      .execute();
    return id;
  }

  /** Disputes newest first; of one reservation when given. */
  async disputes(filter: { reservationId?: string; limit: number }): Promise<DisputeRecord[]> {
    let query = this.db
      .selectFrom('reservation.dispute as d')
      .innerJoin('reservation.reservation as r', 'r.id', 'd.reservation_id')
      .selectAll('d')
      .select('r.vehicle_name')
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id')
      .limit(filter.limit);
    if (filter.reservationId) query = query.where('d.reservation_id', '=', filter.reservationId);
    return (await query.execute()).map(toDispute);
  }
}
