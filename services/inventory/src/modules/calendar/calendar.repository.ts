import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { AvailableVehicle } from '@cybertacotruck/contracts';
import type { ClaimKind, ClaimStatus, Connectivity, InventoryTables, VehicleTable } from '../../tables';
import { availabilityDays, type AvailabilityDaysFilter, type DayCount } from './availability-days';
import { AvailabilityIndex } from './availability-index';
import { AREA_DEGREES, boundingBox, EARTH_RADIUS_MI } from './geo';

export { boundingBox } from './geo';

export interface ClaimRecord {
  id: string;
  vehicleId: string;
  kind: ClaimKind;
  /** As it stands now: an active hold past its expiry is `expired` even before the sweeper runs. */
  status: ClaimStatus;
  from: Date;
  to: Date;
  expiresAt: Date | null;
  reference: string | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewClaim {
  vehicleId: string;
  kind: 'hold' | 'maintenance';
  from: Date;
  to: Date;
  reference: string | null;
  note: string | null;
  /** Holds only. */
  ttlSeconds: number | null;
}

export type PlaceOutcome =
  { outcome: 'created' | 'existing'; claim: ClaimRecord } | { outcome: 'no-vehicle' | 'out-of-service' };

export interface AvailabilityFilter {
  from: Date;
  to: Date;
  model: VehicleTable['model'] | undefined;
  near: { latitude: number; longitude: number } | undefined;
  radiusMi: number | undefined;
  limit: number;
  offset: number;
}

/**
 * What a search shows of a vehicle but its distance and price (added per search): the same object
 * in every answer from the index.
 */
export type AvailableView = Omit<AvailableVehicle, 'distanceMi' | 'price'>;

export interface AvailableItem {
  vehicle: AvailableView;
  distanceMi: number | null;
  /** The vehicle's JSON up to its distance (availability-json.ts), when already written. */
  json?: string;
  /** The charge and range projected at the searched start (issue 16), when a projector is wired. */
  atPickup?: { chargePercent: number; rangeKm: number } | null;
}

export interface AvailableRow {
  id: string;
  model: VehicleTable['model'];
  display_name: string;
  color: string | null;
  trim: string | null;
  model_year: number | null;
  connectivity: Connectivity | null;
  battery_level: number | null;
  range_mi: number | null;
  latitude: number | null;
  longitude: number | null;
  data_as_of: Date | null;
  distance_mi: number | null;
}

type Db = Kysely<InventoryTables> | Transaction<InventoryTables>;

const CLAIM = sql.table('inventory.vehicle_claim');
/** `[from, to)` as a range literal both engines compare the same way. */
const rangeOf = (from: Date, to: Date) =>
  sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`;

/** A hold whose expiry has passed occupies nothing, whether or not the sweeper has marked it yet. */
const occupying = (alias: string) =>
  sql`${sql.ref(`${alias}.status`)} = 'active' and (${sql.ref(`${alias}.kind`)} <> 'hold' or ${sql.ref(`${alias}.expires_at`)} > now())`;

const CLAIM_COLUMNS = sql`id, vehicle_id, kind,
  case when status = 'active' and kind = 'hold' and expires_at <= now() then 'expired' else status end as status,
  lower(period) as starts_at, upper(period) as ends_at, expires_at, reference, note, created_at, updated_at`;

interface ClaimRow {
  id: string;
  vehicle_id: string;
  kind: ClaimKind;
  status: ClaimStatus;
  starts_at: Date;
  ends_at: Date;
  expires_at: Date | null;
  reference: string | null;
  note: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: ClaimRow): ClaimRecord => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  kind: r.kind,
  status: r.status,
  from: r.starts_at,
  to: r.ends_at,
  expiresAt: r.expires_at,
  reference: r.reference,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

async function claims(db: Db, query: RawBuilder<ClaimRow>): Promise<ClaimRecord[]> {
  return (await query.execute(db)).rows.map(toRecord);
}

export interface CalendarRepositoryOptions {
  /**
   * Answer availability searches from the in-memory index (availability-index.ts), exact with
   * respect to every committed change; false asks SQL every time (tests compare the two).
   */
  availabilityIndex?: boolean;
}

export class CalendarRepository {
  private readonly index: AvailabilityIndex | undefined;

  constructor(
    private readonly db: Kysely<InventoryTables>,
    options: CalendarRepositoryOptions = {},
  ) {
    this.index = options.availabilityIndex === false ? undefined : new AvailabilityIndex(db);
  }

  /**
   * Places a hold or a maintenance block in one transaction. Claims on one vehicle are written one
   * at a time (the vehicle row is locked), so a loser fails fast instead of in a deadlock; the
   * exclusion constraint still decides, and its violation (23P01) reaches the caller.
   */
  place(input: NewClaim): Promise<PlaceOutcome> {
    return this.db.transaction().execute(async (tx) => {
      const vehicle = await tx
        .selectFrom('inventory.vehicle')
        .select('in_service')
        .where('id', '=', input.vehicleId)
        .forNoKeyUpdate()
        .executeTakeFirst();
      if (!vehicle) return { outcome: 'no-vehicle' };
      if (input.kind === 'hold' && !vehicle.in_service) return { outcome: 'out-of-service' };

      const period = rangeOf(input.from, input.to);
      if (input.reference !== null) {
        const [existing] = await claims(
          tx,
          sql<ClaimRow>`select ${CLAIM_COLUMNS} from ${CLAIM} c
            where c.vehicle_id = ${input.vehicleId} and c.reference = ${input.reference}
              and c.kind = ${input.kind} and c.period = ${period} and ${occupying('c')}`,
        );
        if (existing) return { outcome: 'existing', claim: existing };
      }

      // The constraint sees only `status`: lapsed holds must stop being active before we insert.
      await sql`update ${CLAIM} set status = 'expired', updated_at = now()
        where vehicle_id = ${input.vehicleId} and status = 'active' and kind = 'hold' and expires_at <= now()`.execute(
        tx,
      );

      const expiresAt =
        input.ttlSeconds === null ? sql`null` : sql`now() + make_interval(secs => ${input.ttlSeconds})`;
      const [claim] = await claims(
        tx,
        sql<ClaimRow>`insert into ${CLAIM} (vehicle_id, kind, period, reference, note, expires_at)
          values (${input.vehicleId}, ${input.kind}, ${period}, ${input.reference}, ${input.note}, ${expiresAt})
          returning ${CLAIM_COLUMNS}`,
      );
      if (!claim) throw new Error('insert returned no row');
      return { outcome: 'created', claim };
    });
  }

  async findById(id: string): Promise<ClaimRecord | undefined> {
    const [claim] = await claims(
      this.db,
      sql<ClaimRow>`select ${CLAIM_COLUMNS} from ${CLAIM} where id = ${id}`,
    );
    return claim;
  }

  /** Turns a live hold into a booking (same row, same period); undefined when it is not one. */
  async confirmHold(id: string): Promise<ClaimRecord | undefined> {
    const [claim] = await claims(
      this.db,
      sql<ClaimRow>`update ${CLAIM} set kind = 'booking', expires_at = null, updated_at = now()
        where id = ${id} and kind = 'hold' and status = 'active' and expires_at > now()
        returning ${CLAIM_COLUMNS}`,
    );
    return claim;
  }

  /** Frees the vehicle; true when the claim exists (whether or not it was still active). */
  async release(id: string): Promise<boolean> {
    const result = await sql<{ id: string }>`
      with released as (
        update ${CLAIM} set status = 'released', updated_at = now()
        where id = ${id} and status = 'active' returning id
      )
      select id from released union all select id from ${CLAIM} where id = ${id}`.execute(this.db);
    return result.rows.length > 0;
  }

  /** The claims with these ids, in any status (unknown ids are left out). */
  byIds(ids: readonly string[]): Promise<ClaimRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return claims(
      this.db,
      sql<ClaimRow>`select ${CLAIM_COLUMNS} from ${CLAIM}
        where id in (${sql.join(ids.map((id) => sql`${id}::uuid`))}) order by id`,
    );
  }

  /**
   * Occupying holds and bookings that carry a reference (another service's record of them), by id
   * after `after`: what the reservation service's reconciliation compares with its reservations.
   */
  referenced(after: string | null, limit: number): Promise<ClaimRecord[]> {
    return claims(
      this.db,
      sql<ClaimRow>`select ${CLAIM_COLUMNS} from ${CLAIM} c
        where c.reference is not null and c.kind in ('hold', 'booking') and ${occupying('c')}
          and (${after}::uuid is null or c.id > ${after}::uuid)
        order by c.id limit ${limit}`,
    );
  }

  async vehicleExists(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('inventory.vehicle')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A vehicle's claims of every status overlapping `[from, to)`, in time order. */
  /** Claims overlapping [from, to) of one vehicle, or of the whole fleet when `vehicleId` is null. */
  timeline(vehicleId: string | null, from: Date, to: Date, limit: number): Promise<ClaimRecord[]> {
    return claims(
      this.db,
      sql<ClaimRow>`select ${CLAIM_COLUMNS} from ${CLAIM}
        where (${vehicleId}::uuid is null or vehicle_id = ${vehicleId}::uuid)
          and upper(period) > ${from.toISOString()}::timestamptz
          and lower(period) < ${to.toISOString()}::timestamptz
        order by lower(period), created_at limit ${limit}`,
    );
  }

  /** Marks every lapsed hold expired in one statement; returns what it freed. */
  async expireLapsedHolds(): Promise<{ id: string; vehicleId: string; reference: string | null }[]> {
    const result = await sql<{ id: string; vehicle_id: string; reference: string | null }>`
      update ${CLAIM} set status = 'expired', updated_at = now()
      where status = 'active' and kind = 'hold' and expires_at <= now()
      returning id, vehicle_id, reference`.execute(this.db);
    return result.rows.map((r) => ({ id: r.id, vehicleId: r.vehicle_id, reference: r.reference }));
  }

  /**
   * Vehicles in service with nothing occupying `[from, to)`, best first. Candidates are ordered
   * first (by distance from `near`, else by name through the name index) and checked for a claim
   * only until the page is full: a check is one descent of `vehicle_claim_vehicle_end_idx` for the
   * vehicle's first occupying claim ending after `from`. Since the exclusion constraint keeps a
   * vehicle's active claims disjoint, the vehicle is free iff that claim starts at or after `to`.
   * Public so benchmarks can EXPLAIN exactly what runs. The reference the in-memory index
   * (availability-index.ts) is tested against; it runs when the index cannot answer.
   */
  availabilityQuery(f: AvailabilityFilter): RawBuilder<AvailableRow> {
    const near = f.near;
    // Parameters are cast: `$1 * 2` alone would make PostgreSQL read $1 as an integer.
    const lat = near && sql`${near.latitude}::float8`;
    const lon = near && sql`${near.longitude}::float8`;
    const distance =
      lat && lon
        ? sql<number>`(${sql.lit(EARTH_RADIUS_MI)} * 2 * asin(sqrt(
            power(sin(radians(s.latitude - ${lat}) / 2), 2)
            + cos(radians(${lat})) * cos(radians(s.latitude))
              * power(sin(radians(s.longitude - ${lon}) / 2), 2))))`
        : sql<null>`null::float8`;
    const box = near && f.radiusMi !== undefined ? boundingBox(near, f.radiusMi) : undefined;
    const inRadius =
      near && f.radiusMi !== undefined
        ? sql`and ${distance} <= ${f.radiusMi}::float8
            ${box ? sql`and point(s.longitude, s.latitude) <@ box(point(${box.west}::float8, ${box.south}::float8), point(${box.east}::float8, ${box.north}::float8))` : sql``}`
        : sql``;
    const order = near ? sql`distance_mi asc nulls last, display_name, id` : sql`display_name, id`;
    return sql<AvailableRow>`
      select * from (
        select v.id, v.model, v.display_name, v.color, v.trim, v.model_year,
          s.connectivity, s.battery_level, s.range_mi, s.latitude, s.longitude, s.data_as_of,
          ${distance} as distance_mi
        from inventory.vehicle v
        -- Positions as customers may see them: the centre of the car's area (geo.ts, areaCentre).
        left join (
          select vehicle_id, connectivity, battery_level, range_mi, data_as_of,
            (floor(latitude / ${sql.lit(AREA_DEGREES)}::float8) * 2 + 1) / 100 as latitude,
            (floor(longitude / ${sql.lit(AREA_DEGREES)}::float8) * 2 + 1) / 100 as longitude
          from inventory.vehicle_live_state
        ) s on s.vehicle_id = v.id
        where v.in_service
          ${f.model ? sql`and v.model = ${f.model}` : sql``}
          ${inRadius}
        ${
          near || f.model
            ? // The fence keeps the claim check out of this query: it runs on the sorted candidates
              // only until the page is full (else the planner checks every vehicle of the model).
              // By name over the whole fleet, it walks the name index and stops by itself.
              sql`order by ${order} offset 0`
            : sql``
        }
      ) candidate
      where not exists (
        select 1 from (
          select c.period from ${CLAIM} c
          where c.vehicle_id = candidate.id and upper(c.period) > ${f.from.toISOString()}::timestamptz
            and ${occupying('c')}
          order by c.vehicle_id, upper(c.period)
          limit 1
        ) next_claim
        where lower(next_claim.period) < ${f.to.toISOString()}::timestamptz
      )
      order by ${order}
      limit ${f.limit} offset ${f.offset}`;
  }

  /** Per local day of a month, the vehicles in service and how many are free all day. */
  availabilityDays(f: AvailabilityDaysFilter): Promise<DayCount[]> {
    return availabilityDays(this.db, f);
  }

  /** Vehicles free for all of [from, to), best first: from the index, else (or when told so) SQL. */
  async available(f: AvailabilityFilter): Promise<AvailableItem[]> {
    return (await this.index?.available(f)) ?? this.availableBySql(f);
  }

  async availableBySql(f: AvailabilityFilter): Promise<AvailableItem[]> {
    const rows = await this.availabilityQuery(f).execute(this.db);
    return rows.rows.map((r) => ({
      vehicle: {
        id: r.id,
        model: r.model,
        displayName: r.display_name,
        color: r.color,
        trim: r.trim,
        modelYear: r.model_year,
        live:
          r.connectivity === null
            ? null
            : {
                connectivity: r.connectivity,
                batteryLevel: r.battery_level,
                rangeMi: r.range_mi,
                latitude: r.latitude,
                longitude: r.longitude,
                dataAsOf: r.data_as_of ? r.data_as_of.toISOString() : null,
              },
      },
      distanceMi: r.distance_mi,
    }));
  }
}
