import { sql, type Kysely } from 'kysely';
import type { VehicleModel } from '@cybertacotruck/contracts';
import type { Connectivity, InventoryTables } from '../../tables';

/** A vehicle as the operator's day counts it: its live state, its key, and what claims cover now. */
export interface FleetNowRow {
  vehicleId: string;
  inService: boolean;
  connectivity: Connectivity | null;
  batteryLevel: number | null;
  chargingState: string | null;
  rented: boolean;
  maintenance: boolean;
}

/** A booking starting (pickup) or ending (return) in a window, with what readiness is judged on. */
export interface MovementRow {
  claimId: string;
  reference: string | null;
  vehicleId: string;
  vehicleName: string;
  model: VehicleModel;
  at: Date;
  connectivity: Connectivity | null;
  batteryLevel: number | null;
  keyPaired: boolean | null;
}

/** Where the operator's days begin: today's and tomorrow's midnights in a time zone, as instants. */
export interface DayBounds {
  today: Date;
  tomorrow: Date;
  after: Date;
  todayDate: string;
  tomorrowDate: string;
}

const CLAIM = sql.table('inventory.vehicle_claim');

/** Read-only: the fleet now, the day's bookings and the booked share of recent time. */
export class OperatorDayRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  /** PostgreSQL does the time-zone arithmetic, so a day with a DST change is 23 or 25 hours. */
  async dayBounds(now: Date, timeZone: string): Promise<DayBounds> {
    const at = now.toISOString();
    const { rows } = await sql<{
      today: Date;
      tomorrow: Date;
      after: Date;
      today_date: string;
      tomorrow_date: string;
    }>`
      with local as (select date_trunc('day', ${at}::timestamptz at time zone ${timeZone}) as midnight)
      select midnight at time zone ${timeZone} as today,
        (midnight + interval '1 day') at time zone ${timeZone} as tomorrow,
        (midnight + interval '2 days') at time zone ${timeZone} as after,
        to_char(midnight, 'YYYY-MM-DD') as today_date,
        to_char(midnight + interval '1 day', 'YYYY-MM-DD') as tomorrow_date
      from local`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('day bounds returned no row');
    return {
      today: new Date(row.today),
      tomorrow: new Date(row.tomorrow),
      after: new Date(row.after),
      todayDate: row.today_date,
      tomorrowDate: row.tomorrow_date,
    };
  }

  async fleetNow(now: Date): Promise<FleetNowRow[]> {
    const at = now.toISOString();
    const { rows } = await sql<{
      id: string;
      in_service: boolean;
      connectivity: Connectivity | null;
      battery_level: number | null;
      charging_state: string | null;
      rented: boolean;
      maintenance: boolean;
    }>`
      select v.id, v.in_service, l.connectivity, l.battery_level, l.charging_state,
        exists (select 1 from ${CLAIM} c where c.vehicle_id = v.id and c.kind = 'booking'
          and c.status = 'active' and c.period @> ${at}::timestamptz) as rented,
        exists (select 1 from ${CLAIM} c where c.vehicle_id = v.id and c.kind = 'maintenance'
          and c.status = 'active' and c.period @> ${at}::timestamptz) as maintenance
      from inventory.vehicle v
      left join inventory.vehicle_live_state l on l.vehicle_id = v.id`.execute(this.db);
    return rows.map((r) => ({
      vehicleId: r.id,
      inService: r.in_service,
      connectivity: r.connectivity,
      batteryLevel: r.battery_level,
      chargingState: r.charging_state,
      rented: r.rented,
      maintenance: r.maintenance,
    }));
  }

  /** Active bookings starting (`edge` lower) or ending (upper) in [from, to), in time order. */
  async movements(edge: 'start' | 'end', from: Date, to: Date): Promise<MovementRow[]> {
    const bound = edge === 'start' ? sql`lower(c.period)` : sql`upper(c.period)`;
    const { rows } = await sql<{
      id: string;
      reference: string | null;
      vehicle_id: string;
      display_name: string;
      model: VehicleModel;
      at: Date;
      connectivity: Connectivity | null;
      battery_level: number | null;
      key_paired: boolean | null;
    }>`
      select c.id, c.reference, c.vehicle_id, v.display_name, v.model, ${bound} as at,
        l.connectivity, l.battery_level, a.key_paired
      from ${CLAIM} c
      join inventory.vehicle v on v.id = c.vehicle_id
      left join inventory.vehicle_live_state l on l.vehicle_id = c.vehicle_id
      left join inventory.vehicle_tesla_access a on a.vehicle_id = c.vehicle_id
      where c.kind = 'booking' and c.status = 'active'
        and ${bound} >= ${from.toISOString()}::timestamptz and ${bound} < ${to.toISOString()}::timestamptz
      order by ${bound}, v.display_name
      limit 500`.execute(this.db);
    return rows.map((r) => ({
      claimId: r.id,
      reference: r.reference,
      vehicleId: r.vehicle_id,
      vehicleName: r.display_name,
      model: r.model,
      at: new Date(r.at),
      connectivity: r.connectivity,
      batteryLevel: r.battery_level,
      keyPaired: r.key_paired,
    }));
  }

  /**
   * Booked seconds of the vehicles in service within [from, to), and how many vehicles are in
   * service: the utilisation's numerator and the fleet it divides by. A released booking counts
   * until it was released (a car returned early, or cancelled before pickup: nothing).
   */
  async booked(from: Date, to: Date): Promise<{ bookedSeconds: number; vehicles: number }> {
    const window = sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`;
    const { rows } = await sql<{ booked_seconds: string | number | null; vehicles: string | number }>`
      with booked as (
        select case when c.status = 'active' then c.period
          else tstzrange(lower(c.period), greatest(lower(c.period), least(upper(c.period), c.updated_at)), '[)')
          end as p
        from ${CLAIM} c join inventory.vehicle v on v.id = c.vehicle_id and v.in_service
        where c.kind = 'booking' and c.status in ('active', 'released') and c.period && ${window}
      )
      select
        (select coalesce(sum(extract(epoch from upper(p * ${window}) - lower(p * ${window}))), 0)
          from booked where p && ${window}) as booked_seconds,
        (select count(*) from inventory.vehicle where in_service) as vehicles`.execute(this.db);
    const row = rows[0];
    return { bookedSeconds: Number(row?.booked_seconds ?? 0), vehicles: Number(row?.vehicles ?? 0) };
  }
}
