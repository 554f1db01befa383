import type { AvailabilityFilter, AvailableItem, AvailableView } from './calendar.repository';
import { boundingBox, EARTH_RADIUS_MI } from './geo';

const RADIANS = Math.PI / 180;
/** PostgreSQL compares geometric types with this tolerance (geo_decls.h EPSILON): `<@` does. */
const GEO_EPSILON = 1e-6;
/** Grid cells for distance searches, in degrees (about 3.5 miles north to south). */
const CELL = 0.05;
/** Per vehicle in `meta`: where its claims start in `spans`/`expires`, how many, holds (0/1), room. */
const META = 4;
/**
 * Claims a search reads one after another before it halves: the first ones (from the load's
 * horizon, a day back) are those of the coming weeks, which most searches are about.
 */
const SCAN = 8;
/** Per vehicle in `head`: how many claims, 1 with holds, then its first SCAN claims' (start, end). */
const HEAD = 2 + 2 * SCAN;
/**
 * Per vehicle in a cell's data: latitude, longitude, cos(latitude), rank, flags (1 in service, 2
 * with holds, 4 × model), claims, then its first SCAN claims' (start, end): a search near a point
 * reads a cell's vehicles, and most of what decides whether they are free, in one sweep.
 */
const CELL_HEAD = 6;
const CELL_FIELDS = CELL_HEAD + 2 * SCAN;

/** A vehicle's active claims, by end (they never overlap), in ms since the epoch. */
export interface Claims {
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  /** A hold's expiry; NaN for bookings and maintenance blocks, which never lapse. Null without holds. */
  expires: ArrayLike<number> | null;
}

/** What a search needs of one vehicle. */
export interface FleetVehicle {
  id: string;
  /** What a result shows of the vehicle but its distance: the same object in every answer. */
  view: AvailableView;
  /** The view's JSON up to its distance (availability-json.ts). */
  json: string;
  displayName: string;
  model: string;
  inService: boolean;
  latitude: number | null;
  longitude: number | null;
  claims: Claims;
}

interface Cell {
  south: number;
  west: number;
  ranks: number[];
  /** Its vehicles' CELL_FIELDS, together so a search reads a cell in one sweep; null when stale. */
  data: Float64Array | null;
}

interface Period {
  from: number;
  to: number;
  now: number;
}

const cellIndex = (degrees: number) => Math.floor(degrees / CELL);
const keyOf = (latIndex: number, lonIndex: number) => (latIndex + 5_000) * 20_000 + lonIndex + 10_000;
const hasPosition = (lat: number, lon: number) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
const distanceOf = (a: number) => EARTH_RADIUS_MI * 2 * Math.asin(Math.sqrt(a));

/**
 * The fleet as availability searches read it: vehicles by rank (their place in the database's
 * `order by display_name, id`); what the search tests in flat arrays; every vehicle's claims in
 * one array of (start, end) pairs, a segment per vehicle; and the vehicles with a position on a
 * grid, so a search near a point reads the cells nearest to it first and stops when the page is
 * full. A search is synchronous: one runs at a time.
 */
export class Fleet {
  readonly vehicles: FleetVehicle[];
  // What a result takes of a vehicle, by rank: a page reads nothing else of it.
  private readonly views: AvailableView[];
  private readonly json: string[];
  private readonly rankById = new Map<string, number>();
  private readonly inService: Uint8Array;
  private readonly model: Uint8Array;
  private readonly models = new Map<string, number>();
  /** The ranks of each model's vehicles, in order. */
  private readonly byModel: Int32Array[];
  /** NaN without a position. */
  private readonly latitude: Float64Array;
  private readonly longitude: Float64Array;
  private readonly grid = new Map<number, Cell>();
  private readonly cellOf: Float64Array;
  /** Vehicles whose position is no point on Earth (the SQL still measures them). */
  private readonly offGrid = new Set<number>();

  private spans = new Float64Array(0);
  private expires = new Float64Array(0);
  private readonly meta: Int32Array;
  private used = 0;
  /** Each vehicle's first claims again, by rank: a search by name reads one record per vehicle. */
  private readonly head: Float64Array;

  // Scratch for distance searches: free candidates' haversine `a` and rank, as a binary heap.
  readonly keys: Float64Array;
  readonly ranks: Int32Array;

  constructor(vehicles: FleetVehicle[]) {
    const n = vehicles.length;
    this.vehicles = vehicles;
    this.views = vehicles.map((v) => v.view);
    this.json = vehicles.map((v) => v.json);
    this.inService = new Uint8Array(n);
    this.model = new Uint8Array(n);
    this.latitude = new Float64Array(n);
    this.longitude = new Float64Array(n);
    this.cellOf = new Float64Array(n).fill(NaN);
    this.meta = new Int32Array(n * META);
    this.head = new Float64Array(n * HEAD);
    this.keys = new Float64Array(n);
    this.ranks = new Int32Array(n);
    this.layOutClaims();
    const ranksByModel: number[][] = [];
    vehicles.forEach((v, rank) => {
      this.rankById.set(v.id, rank);
      let m = this.models.get(v.model);
      if (m === undefined) {
        m = this.models.size;
        this.models.set(v.model, m);
        ranksByModel.push([]);
      }
      this.model[rank] = m;
      ranksByModel[m]?.push(rank);
      this.place(rank, v);
    });
    this.byModel = ranksByModel.map((ranks) => Int32Array.from(ranks));
  }

  rankOf(id: string): number | undefined {
    return this.rankById.get(id);
  }

  /** Replaces a vehicle with a newer read of it, whose name and model are those it had. */
  update(rank: number, v: FleetVehicle): void {
    this.vehicles[rank] = v;
    this.views[rank] = v.view;
    this.json[rank] = v.json;
    this.place(rank, v);
    this.setClaims(rank, v.claims);
  }

  private place(rank: number, v: FleetVehicle): void {
    this.inService[rank] = v.inService ? 1 : 0;
    const lat = v.latitude ?? NaN;
    const lon = v.longitude ?? NaN;
    this.latitude[rank] = lat;
    this.longitude[rank] = lon;
    const key = hasPosition(lat, lon) ? keyOf(cellIndex(lat), cellIndex(lon)) : NaN;
    if (key !== key && lat === lat && lon === lon) this.offGrid.add(rank);
    else this.offGrid.delete(rank);
    const was = this.cellOf[rank] as number;
    if (was === was) {
      const cell = this.grid.get(was) as Cell;
      cell.data = null;
      if (key === was) return;
      const at = cell.ranks.indexOf(rank);
      cell.ranks[at] = cell.ranks[cell.ranks.length - 1] as number;
      cell.ranks.pop();
      if (cell.ranks.length === 0) this.grid.delete(was);
    }
    this.cellOf[rank] = key;
    if (key !== key) return;
    let cell = this.grid.get(key);
    if (!cell) {
      cell = { south: cellIndex(lat) * CELL, west: cellIndex(lon) * CELL, ranks: [], data: null };
      this.grid.set(key, cell);
    }
    cell.ranks.push(rank);
    cell.data = null;
  }

  private cellData(cell: Cell): Float64Array {
    if (cell.data) return cell.data;
    const data = new Float64Array(cell.ranks.length * CELL_FIELDS);
    cell.ranks.forEach((rank, i) => {
      const at = i * CELL_FIELDS;
      const m = rank * META;
      const base = this.meta[m] as number;
      const n = this.meta[m + 1] as number;
      data[at] = this.latitude[rank] as number;
      data[at + 1] = this.longitude[rank] as number;
      data[at + 2] = Math.cos((this.latitude[rank] as number) * RADIANS);
      data[at + 3] = rank;
      data[at + 4] =
        (this.inService[rank] as number) +
        2 * (this.meta[m + 2] as number) +
        4 * (this.model[rank] as number);
      data[at + 5] = n;
      data.set(this.spans.subarray(2 * base, 2 * (base + Math.min(n, SCAN))), at + CELL_HEAD);
    });
    cell.data = data;
    return data;
  }

  /** Every vehicle's claims one after another, with a quarter more room at the end for changes. */
  private layOutClaims(): void {
    const total = this.vehicles.reduce((sum, v) => sum + v.claims.ends.length, 0);
    const size = Math.ceil(total * 1.25) + 1024;
    this.spans = new Float64Array(2 * size);
    this.expires = new Float64Array(size).fill(NaN);
    this.used = 0;
    this.vehicles.forEach((v, rank) => {
      this.meta[rank * META + 3] = 0;
      this.setClaims(rank, v.claims);
    });
  }

  private setClaims(rank: number, c: Claims): void {
    const m = rank * META;
    const n = c.ends.length;
    if (n > (this.meta[m + 3] as number)) {
      if (this.used + n > this.expires.length) {
        this.layOutClaims(); // out of room: lay every vehicle's claims out afresh, without the gaps
        return;
      }
      this.meta[m] = this.used;
      this.meta[m + 3] = n;
      this.used += n;
    }
    const at = this.meta[m] as number;
    this.meta[m + 1] = n;
    this.meta[m + 2] = c.expires ? 1 : 0;
    for (let i = 0; i < n; i++) {
      this.spans[2 * (at + i)] = c.starts[i] as number;
      this.spans[2 * (at + i) + 1] = c.ends[i] as number;
      this.expires[at + i] = c.expires ? (c.expires[i] as number) : NaN;
    }
    const h = rank * HEAD;
    this.head[h] = n;
    this.head[h + 1] = c.expires ? 1 : 0;
    this.head.set(this.spans.subarray(2 * at, 2 * (at + Math.min(n, SCAN))), h + 2);
  }

  /**
   * Free for all of [from, to): the first claim ending after `from` that still occupies the
   * vehicle (a hold past its expiry does not) starts at or after `to`. A vehicle's active claims
   * never overlap (the exclusion constraint), so this is the SQL search's test.
   */
  isFree(rank: number, from: number, to: number, now: number): boolean {
    const head = this.head;
    const h = rank * HEAD;
    if (head[h + 1] === 0) {
      // No holds to lapse: the first claims decide, unless all of them end by `from`.
      const n = head[h] as number;
      const scan = n < SCAN ? n : SCAN;
      let i = 0;
      while (i < scan && (head[h + 3 + 2 * i] as number) <= from) i += 1;
      if (i < scan) return (head[h + 2 + 2 * i] as number) >= to;
      if (n <= SCAN) return true;
    }
    return this.isFreeByAll(rank, from, to, now);
  }

  /** isFree over all of the vehicle's claims. */
  private isFreeByAll(rank: number, from: number, to: number, now: number): boolean {
    const spans = this.spans;
    const m = rank * META;
    const base = this.meta[m] as number;
    const n = this.meta[m + 1] as number;
    // The claims run from the load's horizon (a day back) on; a search starts within weeks.
    const scan = n < SCAN ? n : SCAN;
    let i = 0;
    while (i < scan && (spans[2 * (base + i) + 1] as number) <= from) i += 1;
    if (i === SCAN && n > SCAN) {
      let hi = n;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if ((spans[2 * (base + mid) + 1] as number) > from) hi = mid;
        else i = mid + 1;
      }
    }
    if (this.meta[m + 2] === 0) return i === n || (spans[2 * (base + i)] as number) >= to;
    for (; i < n; i++) {
      if ((this.expires[base + i] as number) <= now) continue; // lapsed (NaN never is)
      return (spans[2 * (base + i)] as number) >= to;
    }
    return true;
  }

  /** The SQL search (CalendarRepository.availabilityQuery), over the fleet. */
  search(f: AvailabilityFilter, period: Period): AvailableItem[] {
    const page: AvailableItem[] = [];
    const model = f.model === undefined ? -1 : (this.models.get(f.model) ?? -2);
    if (model === -2) return page;
    const { from, to, now } = period;
    const { views, json } = this;
    let skip = f.offset;
    /** Counts in a free vehicle; false once the page is full. */
    const take = (rank: number, distanceMi: number | null): boolean => {
      if (skip > 0) skip -= 1;
      else page.push({ vehicle: views[rank] as AvailableView, distanceMi, json: json[rank] });
      return page.length < f.limit;
    };

    if (!f.near) {
      const list = model >= 0 ? this.byModel[model] : undefined;
      const n = list ? list.length : this.vehicles.length;
      for (let i = 0; i < n; i++) {
        const rank = list ? (list[i] as number) : i;
        if (this.inService[rank] === 1 && this.isFree(rank, from, to, now) && !take(rank, null)) break;
      }
      return page;
    }

    // By distance (the haversine the SQL computes), then name; without a radius, vehicles with no
    // position come last. The haversine's `a` orders as the distance does: free candidates wait in
    // a heap by `a`, and the grid's cells are read nearest first, only until none left can hold a
    // vehicle nearer than the heap's first.
    const radius = f.radiusMi;
    const box = radius === undefined ? undefined : boundingBox(f.near, radius);
    const near = new Near(this, f.near, radius, box, model, period);
    const cells: Array<{ bound: number; cell: Cell }> = [];
    const add = (cell: Cell | undefined) => {
      const bound = cell && near.cellBound(cell);
      if (cell && bound !== undefined) cells.push({ bound, cell });
    };
    // The cells the box covers (a row and a column more, for rounding), or every cell if fewer.
    const south = box ? cellIndex(box.south) - 1 : 0;
    const north = box ? cellIndex(box.north) + 1 : Infinity;
    const west = box ? cellIndex(box.west) - 1 : 0;
    const east = box ? cellIndex(box.east) + 1 : Infinity;
    if ((north - south + 1) * (east - west + 1) < this.grid.size) {
      for (let la = south; la <= north; la++) {
        for (let lo = west; lo <= east; lo++) add(this.grid.get(keyOf(la, lo)));
      }
    } else {
      for (const cell of this.grid.values()) add(cell);
    }
    cells.sort((x, y) => x.bound - y.bound);
    for (const rank of this.offGrid) {
      near.consider(rank, this.latitude[rank] as number, this.longitude[rank] as number);
    }
    const { keys, ranks } = this;
    let next = 0;
    const run: number[] = [];
    for (;;) {
      while (
        next < cells.length &&
        (near.size === 0 || (keys[0] as number) >= (cells[next]?.bound as number))
      ) {
        near.considerCell(this.cellData((cells[next] as { cell: Cell }).cell));
        next += 1;
      }
      if (near.size === 0) break;
      // Unequal `a` may round to one distance: such a run goes by name, as in SQL. (Any vehicle of
      // a cell not read yet has an `a` too far above the first's to round to its distance.)
      const d = distanceOf(keys[0] as number);
      run.length = 0;
      while (near.size > 0 && distanceOf(keys[0] as number) === d) {
        run.push(ranks[0] as number);
        near.pop();
      }
      if (run.length > 1) run.sort((x, y) => x - y);
      for (const rank of run) {
        if (!take(rank, d)) return page;
      }
    }
    if (radius === undefined) {
      const { latitude, longitude } = this;
      for (let rank = 0; rank < this.vehicles.length; rank++) {
        const positioned = latitude[rank] === latitude[rank] && longitude[rank] === longitude[rank];
        if (positioned || this.inService[rank] === 0 || (model >= 0 && this.model[rank] !== model)) continue;
        if (this.isFree(rank, from, to, now) && !take(rank, null)) return page;
      }
    }
    return page;
  }

  /** In service and of the model (-1: any), as `consider` needs it for the linear path. */
  qualifies(rank: number, model: number): boolean {
    return this.inService[rank] === 1 && (model < 0 || this.model[rank] === model);
  }
}

/** One distance search: which vehicles qualify, and the heap of the free ones, by (`a`, rank). */
class Near {
  size = 0;
  private readonly keys: Float64Array;
  private readonly ranks: Int32Array;
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly cosLat0: number;
  private readonly east: number;
  private readonly west: number;
  private readonly north: number;
  private readonly south: number;
  /** `a` for the radius, with a margin far above rounding: only `a` between needs the distance. */
  private readonly aSure: number;
  private readonly aOut: number;

  constructor(
    private readonly fleet: Fleet,
    near: { latitude: number; longitude: number },
    private readonly radius: number | undefined,
    box: ReturnType<typeof boundingBox>,
    private readonly model: number,
    private readonly period: Period,
  ) {
    this.keys = fleet.keys;
    this.ranks = fleet.ranks;
    this.lat0 = near.latitude;
    this.lon0 = near.longitude;
    this.cosLat0 = Math.cos(near.latitude * RADIANS);
    this.east = box ? box.east : Infinity;
    this.west = box ? box.west : -Infinity;
    this.north = box ? box.north : Infinity;
    this.south = box ? box.south : -Infinity;
    const aRadius = radius === undefined ? Infinity : Math.sin(radius / EARTH_RADIUS_MI / 2) ** 2;
    this.aSure = aRadius * (1 - 1e-9);
    this.aOut = aRadius * (1 + 1e-9);
  }

  /**
   * A lower bound of `a` for any point of the cell (each term of the haversine at its least over
   * the cell, the cell widened a hair for rounding), or undefined when no point of it can qualify.
   */
  cellBound(cell: Cell): number | undefined {
    const margin = 1e-9;
    const south = cell.south - margin;
    const north = cell.south + CELL + margin;
    const west = cell.west - margin;
    const east = cell.west + CELL + margin;
    // As the search's `<@` reads the box (FPle/FPge): might a point of the cell pass it?
    if (west - this.east > GEO_EPSILON || this.west - east > GEO_EPSILON) return undefined;
    if (south - this.north > GEO_EPSILON || this.south - north > GEO_EPSILON) return undefined;
    const dLat = Math.max(0, south - this.lat0, this.lat0 - north) * RADIANS;
    // sin²(Δλ/2) rises to Δλ = 180° and falls after: its least over the cell is at an end.
    const dLonNear = Math.max(0, west - this.lon0, this.lon0 - east) * RADIANS;
    const dLonFar = Math.max(Math.abs(west - this.lon0), Math.abs(east - this.lon0)) * RADIANS;
    const sinLon = Math.min(Math.sin(dLonNear / 2) ** 2, Math.sin(dLonFar / 2) ** 2);
    const cosLat = Math.cos(Math.min(90, Math.max(Math.abs(south), Math.abs(north))) * RADIANS);
    const bound = (Math.sin(dLat / 2) ** 2 + this.cosLat0 * Math.max(0, cosLat) * sinLon) * (1 - 1e-9);
    return bound > this.aOut ? undefined : bound;
  }

  /** Every vehicle of a cell's data that qualifies and is free goes into the heap. */
  considerCell(data: Float64Array): void {
    const { from, to, now } = this.period;
    for (let at = 0; at < data.length; at += CELL_FIELDS) {
      const lat = data[at] as number;
      const lon = data[at + 1] as number;
      if (!this.inBox(lat, lon)) continue;
      const flags = data[at + 4] as number;
      if ((flags & 1) === 0 || (this.model >= 0 && flags >> 2 !== this.model)) continue;
      const rank = data[at + 3] as number;
      // Fleet.isFree on the copy of the first claims, when they decide it (no holds to lapse).
      const n = data[at + 5] as number;
      const scan = n < SCAN ? n : SCAN;
      let i = 0;
      while (i < scan && (data[at + CELL_HEAD + 2 * i + 1] as number) <= from) i += 1;
      const free =
        (flags & 2) === 0 && (i < scan || n <= SCAN)
          ? i === n || (data[at + CELL_HEAD + 2 * i] as number) >= to
          : this.fleet.isFree(rank, from, to, now);
      if (free) this.push(this.a(lat, lon, data[at + 2] as number), rank);
    }
  }

  /** The same for one vehicle off the grid. */
  consider(rank: number, lat: number, lon: number): void {
    if (!this.inBox(lat, lon) || !this.fleet.qualifies(rank, this.model)) return;
    const { from, to, now } = this.period;
    if (!this.fleet.isFree(rank, from, to, now)) return;
    this.push(this.a(lat, lon, Math.cos(lat * RADIANS)), rank);
  }

  /** As `point(lon, lat) <@ box(…)` reads it (FPle/FPge); NaN (no position) fails every test. */
  private inBox(lat: number, lon: number): boolean {
    return (
      lon - this.east <= GEO_EPSILON &&
      this.west - lon <= GEO_EPSILON &&
      lat - this.north <= GEO_EPSILON &&
      this.south - lat <= GEO_EPSILON
    );
  }

  /** The haversine's `a`, as the SQL computes it; NaN when outside the radius. */
  private a(lat: number, lon: number, cosLat: number): number {
    const sinLat = Math.sin(((lat - this.lat0) * RADIANS) / 2);
    const sinLon = Math.sin(((lon - this.lon0) * RADIANS) / 2);
    const a = sinLat * sinLat + this.cosLat0 * cosLat * (sinLon * sinLon);
    if (a > this.aOut || (a >= this.aSure && !(distanceOf(a) <= (this.radius as number)))) return NaN;
    return a;
  }

  private push(a: number, rank: number): void {
    if (a !== a) return;
    const keys = this.keys;
    const ranks = this.ranks;
    let i = this.size;
    this.size += 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const kp = keys[parent] as number;
      if (kp < a || (kp === a && (ranks[parent] as number) < rank)) break;
      keys[i] = kp;
      ranks[i] = ranks[parent] as number;
      i = parent;
    }
    keys[i] = a;
    ranks[i] = rank;
  }

  /** Removes the heap's first. */
  pop(): void {
    const keys = this.keys;
    const ranks = this.ranks;
    this.size -= 1;
    const size = this.size;
    const key = keys[size] as number;
    const rank = ranks[size] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let c = l;
      if (l + 1 < size) {
        const k1 = keys[l + 1] as number;
        const k0 = keys[l] as number;
        if (k1 < k0 || (k1 === k0 && (ranks[l + 1] as number) < (ranks[l] as number))) c = l + 1;
      }
      const kc = keys[c] as number;
      if (kc > key || (kc === key && (ranks[c] as number) > rank)) break;
      keys[i] = kc;
      ranks[i] = ranks[c] as number;
      i = c;
    }
    keys[i] = key;
    ranks[i] = rank;
  }
}
