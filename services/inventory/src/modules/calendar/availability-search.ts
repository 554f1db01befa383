import type { AvailabilityFilter, AvailableItem, AvailableView } from './calendar.repository';
import { ClaimSpans, type Claims, type Period } from './fleet-claims';
import { CELL_HEAD, FleetGrid, type Cell } from './fleet-grid';
import { boundingBox } from './geo';
import { distanceOf, NearSearch, RADIANS } from './near-search';
import { RankHeap } from './rank-heap';

export type { Claims } from './fleet-claims';

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

/**
 * The fleet as availability searches read it: vehicles by rank (their place in the database's
 * `order by display_name, id`); what the search tests in flat arrays; every vehicle's claims laid
 * out for the free test (fleet-claims.ts); and the vehicles with a position on a grid
 * (fleet-grid.ts), so a search near a point (near-search.ts) reads the cells nearest to it first
 * and stops when the page is full. A search is synchronous: one runs at a time.
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
  private readonly claims: ClaimSpans;
  private readonly grid: FleetGrid;
  /** Scratch for distance searches: the free candidates by haversine `a`, then rank. */
  private readonly heap: RankHeap;
  private readonly writeRecord = (rank: number, data: Float64Array, at: number) => {
    this.cellRecord(rank, data, at);
  };

  constructor(vehicles: FleetVehicle[]) {
    const n = vehicles.length;
    this.vehicles = vehicles;
    this.views = vehicles.map((v) => v.view);
    this.json = vehicles.map((v) => v.json);
    this.inService = new Uint8Array(n);
    this.model = new Uint8Array(n);
    this.latitude = new Float64Array(n);
    this.longitude = new Float64Array(n);
    this.claims = new ClaimSpans(vehicles.map((v) => v.claims));
    this.grid = new FleetGrid(n);
    this.heap = new RankHeap(n);
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
    this.claims.set(rank, v.claims);
  }

  private place(rank: number, v: FleetVehicle): void {
    this.inService[rank] = v.inService ? 1 : 0;
    const lat = v.latitude ?? NaN;
    const lon = v.longitude ?? NaN;
    this.latitude[rank] = lat;
    this.longitude[rank] = lon;
    this.grid.place(rank, lat, lon);
  }

  /** A vehicle's record in its cell's data (fleet-grid.ts, CELL_FIELDS). */
  private cellRecord(rank: number, data: Float64Array, at: number): void {
    const lat = this.latitude[rank] as number;
    data[at] = lat;
    data[at + 1] = this.longitude[rank] as number;
    data[at + 2] = Math.cos(lat * RADIANS);
    data[at + 3] = rank;
    data[at + 4] =
      (this.inService[rank] as number) +
      2 * (this.claims.hasHolds(rank) ? 1 : 0) +
      4 * (this.model[rank] as number);
    data[at + 5] = this.claims.count(rank);
    data.set(this.claims.firstSpans(rank), at + CELL_HEAD);
  }

  /** Free for all of [from, to) (ClaimSpans.isFree). */
  isFree(rank: number, from: number, to: number, now: number): boolean {
    return this.claims.isFree(rank, from, to, now);
  }

  /** In service and of the model (-1: any). */
  qualifies(rank: number, model: number): boolean {
    return this.inService[rank] === 1 && (model < 0 || this.model[rank] === model);
  }

  /** The SQL search (CalendarRepository.availabilityQuery), over the fleet. */
  search(f: AvailabilityFilter, period: Period): AvailableItem[] {
    const page: AvailableItem[] = [];
    const model = f.model === undefined ? -1 : (this.models.get(f.model) ?? -2);
    if (model === -2) return page;
    const { from, to, now } = period;
    const { views, json, claims } = this;
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
        if (this.inService[rank] === 1 && claims.isFree(rank, from, to, now) && !take(rank, null)) break;
      }
      return page;
    }

    // By distance (the haversine the SQL computes), then name; without a radius, vehicles with no
    // position come last. The haversine's `a` orders as the distance does: free candidates wait in
    // a heap by `a`, and the grid's cells are read nearest first, only until none left can hold a
    // vehicle nearer than the heap's first.
    const radius = f.radiusMi;
    const box = radius === undefined ? undefined : boundingBox(f.near, radius);
    const heap = this.heap;
    heap.clear();
    const near = new NearSearch(claims, heap, f.near, radius, box, model, period);
    const cells: Array<{ bound: number; cell: Cell }> = [];
    this.grid.forEachCell(box, (cell) => {
      const bound = near.cellBound(cell);
      if (bound !== undefined) cells.push({ bound, cell });
    });
    cells.sort((x, y) => x.bound - y.bound);
    for (const rank of this.grid.offGrid) {
      if (!this.qualifies(rank, model)) continue;
      near.consider(rank, this.latitude[rank] as number, this.longitude[rank] as number);
    }
    let next = 0;
    const run: number[] = [];
    for (;;) {
      while (next < cells.length && (heap.size === 0 || heap.firstKey() >= (cells[next]?.bound as number))) {
        near.considerCell(this.grid.records((cells[next] as { cell: Cell }).cell, this.writeRecord));
        next += 1;
      }
      if (heap.size === 0) break;
      // Unequal `a` may round to one distance: such a run goes by name, as in SQL. (Any vehicle of
      // a cell not read yet has an `a` too far above the first's to round to its distance.)
      const d = distanceOf(heap.firstKey());
      run.length = 0;
      while (heap.size > 0 && distanceOf(heap.firstKey()) === d) {
        run.push(heap.firstRank());
        heap.pop();
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
        if (positioned || !this.qualifies(rank, model)) continue;
        if (claims.isFree(rank, from, to, now) && !take(rank, null)) return page;
      }
    }
    return page;
  }
}
