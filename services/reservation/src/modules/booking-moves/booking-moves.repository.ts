import { sql, type Kysely } from 'kysely';
import {
  ReservationEvents,
  type PickupLocation,
  type ReservationMovedV1,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { repositories } from '../../deps';
import type { ReservationTables } from '../../tables';
import { toRecord, type ReservationRecord } from '../reservations/reservations.repository';

/** What moving a reservation reads of it. */
export interface MovableReservation {
  id: string;
  status: string;
  vehicleId: string;
  vehicleModel: VehicleModel;
  vehicleName: string;
  claimId: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  days: number;
}

export interface MovedReservation {
  vehicleId: string;
  /** Only when the vehicle changed. */
  vehicleName?: string;
  startsAt: Date;
  endsAt: Date;
  pickupDate: string;
  returnDate: string;
  /** Only when the vehicle changed: its home location (null: none). */
  pickupLocation?: PickupLocation | null;
}

/** Statuses after which a reservation holds no car (including the lifecycle's closing ones). */
const CLOSED = ['held', 'cancelled', 'expired', 'completed', 'returned', 'no_show'];

export class BookingMovesRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async find(id: string): Promise<MovableReservation | undefined> {
    const r = await this.db
      .selectFrom('reservation.reservation')
      .select([
        'id',
        'status',
        'vehicle_id',
        'vehicle_model',
        'vehicle_name',
        'claim_id',
        'starts_at',
        'ends_at',
        'time_zone',
        'days',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        status: r.status,
        vehicleId: r.vehicle_id,
        vehicleModel: r.vehicle_model,
        vehicleName: r.vehicle_name,
        claimId: r.claim_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        timeZone: r.time_zone,
        days: r.days,
      }
    );
  }

  /**
   * Applies a move the calendar made, with its `reservation.reservation.moved` event in the same
   * transaction (`event` writes it from the moved reservation); false when the reservation is no
   * longer confirmed (nothing written).
   */
  async apply(
    id: string,
    m: MovedReservation,
    now: Date,
    event: (moved: ReservationRecord) => ReservationMovedV1,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.update(trx, id, m, now);
      if (!row) return false;
      await repositories(trx).outbox.append(ReservationEvents.moved, id, event(toRecord(row)), now);
      return true;
    });
  }

  private update(db: Kysely<ReservationTables>, id: string, m: MovedReservation, now: Date) {
    return db
      .updateTable('reservation.reservation')
      .set({
        vehicle_id: m.vehicleId,
        ...(m.vehicleName === undefined ? {} : { vehicle_name: m.vehicleName }),
        starts_at: m.startsAt,
        ends_at: m.endsAt,
        // The free-cancellation window keeps its distance from the pickup (SET reads the old row).
        free_cancel_until: sql<Date>`free_cancel_until + (${m.startsAt.toISOString()}::timestamptz - starts_at)`,
        pickup_date: m.pickupDate,
        return_date: m.returnDate,
        ...(m.pickupLocation === undefined
          ? {}
          : { pickup_location: m.pickupLocation === null ? null : JSON.stringify(m.pickupLocation) }),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * The vehicles a customer rents now or picks up within a day: what their live stream may show.
   */
  async rentedVehicleIds(customerId: string, now: Date): Promise<string[]> {
    const soon = new Date(now.getTime() + 86_400_000);
    const { rows } = await sql<{ vehicle_id: string }>`
      select distinct vehicle_id from reservation.reservation
      where customer_id = ${customerId} and status <> all(${CLOSED}::text[])
        and ends_at > ${now.toISOString()}::timestamptz and starts_at < ${soon.toISOString()}::timestamptz`.execute(
      this.db,
    );
    return rows.map((r) => r.vehicle_id);
  }
}
