import { sql, type Kysely } from 'kysely';
import type { InventoryTables } from '../../tables';
import { jsonPrefix } from './availability-json';
import { Fleet, type Claims, type FleetVehicle } from './availability-search';
import type { AvailabilityFilter, AvailableItem, AvailableView } from './calendar.repository';
import { areaCentre } from './geo';

/** Written by TRUNCATE of a tracked table (migration 0004): reload everything. */
const EVERYTHING = '00000000-0000-0000-0000-000000000000';
/** More changed vehicles than this in one check, and a full load is cheaper than a partial one. */
const PARTIAL_MAX = 2_000;
/** Claims that ended this long before the load are not kept; a search reaching back further asks SQL. */
const HORIZON_MS = 24 * 3_600_000;

interface State {
  fleet: Fleet;
  horizonMs: number;
}

interface VehicleRow {
  id: string;
  model: AvailableView['model'];
  display_name: string;
  color: string | null;
  trim: string | null;
  model_year: number | null;
  in_service: boolean;
}

interface LiveRow {
  vehicle_id: string;
  connectivity: NonNullable<AvailableView['live']>['connectivity'];
  battery_level: number | null;
  range_mi: number | null;
  latitude: number | null;
  longitude: number | null;
  data_as_of: Date | null;
}

interface ClaimsRow {
  vehicle_id: string;
  /** `start,end,expires;…` in ms since the epoch, by end; expires empty for claims that never lapse. */
  claims: string;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

const NO_CLAIMS: Claims = { starts: [], ends: [], expires: null };

function parseClaims(text: string | undefined): Claims {
  if (!text) return NO_CLAIMS;
  const claims = text.split(';');
  const starts = new Float64Array(claims.length);
  const ends = new Float64Array(claims.length);
  let expires: Float64Array | null = null;
  claims.forEach((claim, i) => {
    const [start = '', end = '', expiry = ''] = claim.split(',');
    starts[i] = Number(start);
    ends[i] = Number(end);
    if (expiry !== '') {
      expires ??= new Float64Array(claims.length).fill(NaN);
      expires[i] = Number(expiry);
    }
  });
  return { starts, ends, expires };
}

function vehicleOf(v: VehicleRow, live: LiveRow | undefined, claims: string | undefined): FleetVehicle {
  // Searched, sorted and shown by its area's centre, never by where it is (geo.ts, areaCentre).
  const latitude = live ? areaCentre(live.latitude) : null;
  const longitude = live ? areaCentre(live.longitude) : null;
  const view: AvailableView = {
    id: v.id,
    model: v.model,
    displayName: v.display_name,
    color: v.color,
    trim: v.trim,
    modelYear: v.model_year,
    live: live
      ? {
          connectivity: live.connectivity,
          batteryLevel: live.battery_level,
          rangeMi: live.range_mi,
          latitude,
          longitude,
          dataAsOf: live.data_as_of ? live.data_as_of.toISOString() : null,
        }
      : null,
  };
  return {
    id: v.id,
    view,
    json: jsonPrefix(view),
    displayName: v.display_name,
    model: v.model,
    inService: v.in_service,
    latitude,
    longitude,
    claims: parseClaims(claims),
  };
}

/**
 * Every vehicle, its live state and its active claims, in memory, so a search is a walk over sorted
 * arrays instead of a query (2–8 ms of database time each: ~400 searches/s on two cores).
 *
 * Exact, not eventually right: before each answer the index asks the database which vehicles were
 * changed by transactions its snapshot does not see (migration 0004 records the last writer of every
 * vehicle), reloads those, and only then answers. The question is asked after the request arrived,
 * so whatever committed before it (a hold placed a moment ago included) is in the answer. Requests
 * that arrive while a question is out wait for the next one and share it: under load one round trip
 * serves a batch of searches. Answers are those of `CalendarRepository.availabilityQuery` on the
 * same data, but for the last bit of a distance (JavaScript's and the C library's sin/asin differ
 * by an ulp at times) and a hold's expiry read on this process's clock instead of the database's.
 */
export class AvailabilityIndex {
  private state: State | undefined;
  /** The snapshot (pg_snapshot text) every vehicle's entry is at least as new as. */
  private snapshot = '';
  private waiting: Waiter[] = [];
  private syncing = false;

  constructor(private readonly db: Kysely<InventoryTables>) {}

  /** The page, or undefined when the search reaches back before what the index holds (ask SQL). */
  async available(f: AvailabilityFilter): Promise<AvailableItem[] | undefined> {
    await this.fresh();
    const state = this.state;
    const from = f.from.getTime();
    if (!state || from < state.horizonMs) return undefined;
    return state.fleet.search(f, { from, to: f.to.getTime(), now: Date.now() });
  }

  /** Resolves once the index reflects every transaction that committed before the call. */
  private fresh(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.syncing = true;
    try {
      while (this.waiting.length > 0) {
        // Only those already waiting: the sync below starts (takes its snapshot) after they arrived.
        const batch = this.waiting;
        this.waiting = [];
        try {
          await this.sync();
          for (const w of batch) w.resolve();
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  private async sync(): Promise<void> {
    if (!this.state) return this.load();
    const { rows } = await sql<{ snapshot: string; changed: string[] }>`
      select pg_current_snapshot()::text as snapshot,
        array(
          select vehicle_id::text from inventory.availability_change
          where xid >= pg_snapshot_xmin(${this.snapshot}::pg_snapshot)
            and not pg_visible_in_snapshot(xid, ${this.snapshot}::pg_snapshot)
        ) as changed`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('no snapshot');
    if (row.changed.length > PARTIAL_MAX || row.changed.includes(EVERYTHING)) return this.load();
    if (row.changed.length > 0) await this.reload(this.state, row.changed);
    // A vehicle not reloaded was changed by nothing this snapshot sees and the last one did not.
    this.snapshot = row.snapshot;
  }

  /** Everything, as of a snapshot taken first: each row read after it is at least that new. */
  private async load(): Promise<void> {
    const { rows } = await sql<{ snapshot: string; horizon: number }>`
      select pg_current_snapshot()::text as snapshot,
        extract(epoch from now())::float8 * 1000 - ${HORIZON_MS}::float8 as horizon`.execute(this.db);
    const start = rows[0];
    if (!start) throw new Error('no snapshot');
    const [vehicles, live, claims] = await Promise.all([
      this.vehicles(null),
      this.live(null),
      this.claims(null, start.horizon),
    ]);
    const liveById = new Map(live.map((r) => [r.vehicle_id, r]));
    const claimsById = new Map(claims.map((r) => [r.vehicle_id, r.claims]));
    const fleet = new Fleet(vehicles.map((v) => vehicleOf(v, liveById.get(v.id), claimsById.get(v.id))));
    this.state = { fleet, horizonMs: start.horizon };
    this.snapshot = start.snapshot;
  }

  /**
   * Reads the changed vehicles again and puts them in place; a vehicle added, removed, renamed or
   * given another model lays the index out again in the database's name order.
   */
  private async reload(state: State, ids: string[]): Promise<void> {
    const [vehicles, live, claims] = await Promise.all([
      this.vehicles(ids),
      this.live(ids),
      this.claims(ids, state.horizonMs),
    ]);
    const liveById = new Map(live.map((r) => [r.vehicle_id, r]));
    const claimsById = new Map(claims.map((r) => [r.vehicle_id, r.claims]));
    const fresh = new Map(
      vehicles.map((v) => [v.id, vehicleOf(v, liveById.get(v.id), claimsById.get(v.id))]),
    );
    const { fleet } = state;
    const relayout = ids.some((id) => {
      const rank = fleet.rankOf(id);
      const now = fresh.get(id);
      const before = rank === undefined ? undefined : fleet.vehicles[rank];
      return !now || !before || now.displayName !== before.displayName || now.model !== before.model;
    });
    if (!relayout) {
      for (const [id, v] of fresh) fleet.update(fleet.rankOf(id) as number, v);
      return;
    }
    const byId = new Map(fleet.vehicles.map((v) => [v.id, v]));
    for (const id of ids) {
      const v = fresh.get(id);
      if (v) byId.set(id, v);
      else byId.delete(id);
    }
    const { rows } = await sql<{ id: string }>`
      select id::text from inventory.vehicle order by display_name, id`.execute(this.db);
    // A vehicle added after this read is left out until its own reload puts it in.
    const order = rows.map((r) => byId.get(r.id)).filter((v) => v !== undefined);
    this.state = { fleet: new Fleet(order), horizonMs: state.horizonMs };
  }

  private async vehicles(ids: string[] | null): Promise<VehicleRow[]> {
    const { rows } = await sql<VehicleRow>`
      select id::text, model, display_name, color, trim, model_year, in_service
      from inventory.vehicle
      ${ids ? sql`where id = any(${ids}::uuid[])` : sql``}
      order by display_name, id`.execute(this.db);
    return rows;
  }

  private async live(ids: string[] | null): Promise<LiveRow[]> {
    const { rows } = await sql<LiveRow>`
      select vehicle_id::text, connectivity, battery_level, range_mi, latitude, longitude, data_as_of
      from inventory.vehicle_live_state
      ${ids ? sql`where vehicle_id = any(${ids}::uuid[])` : sql``}`.execute(this.db);
    return rows;
  }

  /** Active claims ending after the horizon, a text per vehicle: a row per claim reads slowly. */
  private async claims(ids: string[] | null, horizonMs: number): Promise<ClaimsRow[]> {
    const ms = (t: string) => sql`(extract(epoch from ${sql.raw(t)}) * 1000)::float8`;
    const { rows } = await sql<ClaimsRow>`
      select vehicle_id::text,
        string_agg(
          concat_ws(',', ${ms('lower(period)')}, ${ms('upper(period)')},
            case when kind = 'hold' then ${ms('expires_at')}::text else '' end),
          ';' order by upper(period)) as claims
      from inventory.vehicle_claim
      where status = 'active'
        and upper(period) > to_timestamp(${horizonMs}::float8 / 1000)
        ${ids ? sql`and vehicle_id = any(${ids}::uuid[])` : sql``}
      group by vehicle_id`.execute(this.db);
    return rows;
  }
}
