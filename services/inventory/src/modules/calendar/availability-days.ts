import { sql, type Kysely } from 'kysely';
import type { InventoryTables, VehicleTable } from '../../tables';

export interface AvailabilityDaysFilter {
  /** The first and last local dates, YYYY-MM-DD. */
  first: string;
  last: string;
  timeZone: string;
  model: VehicleTable['model'] | undefined;
}

export interface DayCount {
  date: string;
  free: number;
  total: number;
}

/**
 * For each local day [midnight, next midnight) in the time zone: the vehicles in service (of the
 * model) and how many of them no occupying claim touches. One query: a day's busy vehicles are
 * counted from the claims overlapping it (a hold past its expiry occupies nothing).
 */
export async function availabilityDays(
  db: Kysely<InventoryTables>,
  f: AvailabilityDaysFilter,
): Promise<DayCount[]> {
  const model = f.model === undefined ? sql`true` : sql`v.model = ${f.model}`;
  const { rows } = await sql<{ day: string; total: number; busy: number }>`
    with fleet as (
      select v.id from inventory.vehicle v where v.in_service and ${model}
    ), days as (
      select d::date as day,
        (d::date::timestamp at time zone ${f.timeZone}) as starts,
        ((d::date + 1)::timestamp at time zone ${f.timeZone}) as ends
      from generate_series(${f.first}::date, ${f.last}::date, interval '1 day') as d
    )
    select to_char(days.day, 'YYYY-MM-DD') as day,
      (select count(*) from fleet)::int as total,
      (select count(distinct c.vehicle_id) from inventory.vehicle_claim c
        join fleet on fleet.id = c.vehicle_id
        where c.status = 'active' and (c.kind <> 'hold' or c.expires_at > now())
          and c.period && tstzrange(days.starts, days.ends, '[)'))::int as busy
    from days
    order by days.day`.execute(db);
  return rows.map((r) => ({ date: r.day, free: r.total - r.busy, total: r.total }));
}
