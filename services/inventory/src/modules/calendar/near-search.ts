import { SCAN as CLAIMS_SCAN, type ClaimSpans, type Period } from './fleet-claims';
import { CELL as GRID_CELL, CELL_FIELDS, CELL_HEAD, type Box, type Cell } from './fleet-grid';
import { EARTH_RADIUS_MI } from './geo';
import type { RankHeap } from './rank-heap';

export const RADIANS = Math.PI / 180;
/** PostgreSQL compares geometric types with this tolerance (geo_decls.h EPSILON): `<@` does. */
const GEO_EPSILON = 1e-6;
// Module-local copies of the layouts read in the hot loop: an imported binding is a getter or a
// namespace property in some module transforms (tsx, vitest), and near searches read them per vehicle.
const SCAN = CLAIMS_SCAN;
const CELL = GRID_CELL;
const HEAD = CELL_HEAD;
const FIELDS = CELL_FIELDS;

/** The distance, in miles, of a haversine `a` (which orders as the distance does). */
export const distanceOf = (a: number) => EARTH_RADIUS_MI * 2 * Math.asin(Math.sqrt(a));

/**
 * One distance search, as the SQL search (CalendarRepository.availabilityQuery) measures: which
 * vehicles pass its box and radius, and the free ones into the heap by (`a`, rank).
 */
export class NearSearch {
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
    private readonly claims: ClaimSpans,
    private readonly heap: RankHeap,
    near: { latitude: number; longitude: number },
    private readonly radius: number | undefined,
    box: Box | undefined,
    /** The model's index, -1 for any. */
    private readonly model: number,
    private readonly period: Period,
  ) {
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

  /** Every vehicle of a cell's records (fleet-grid.ts) that qualifies and is free goes into the heap. */
  considerCell(data: Float64Array): void {
    const { from, to, now } = this.period;
    for (let at = 0; at < data.length; at += FIELDS) {
      const lat = data[at] as number;
      const lon = data[at + 1] as number;
      if (!this.inBox(lat, lon)) continue;
      const flags = data[at + 4] as number;
      if ((flags & 1) === 0 || (this.model >= 0 && flags >> 2 !== this.model)) continue;
      const rank = data[at + 3] as number;
      // ClaimSpans.isFree on the copy of the first claims, when they decide it (no holds to lapse).
      const n = data[at + 5] as number;
      const scan = n < SCAN ? n : SCAN;
      let i = 0;
      while (i < scan && (data[at + HEAD + 2 * i + 1] as number) <= from) i += 1;
      const free =
        (flags & 2) === 0 && (i < scan || n <= SCAN)
          ? i === n || (data[at + HEAD + 2 * i] as number) >= to
          : this.claims.isFree(rank, from, to, now);
      if (free) this.push(this.a(lat, lon, data[at + 2] as number), rank);
    }
  }

  /** The same for one vehicle off the grid that is in service and of the model. */
  consider(rank: number, lat: number, lon: number): void {
    if (!this.inBox(lat, lon)) return;
    const { from, to, now } = this.period;
    if (!this.claims.isFree(rank, from, to, now)) return;
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
    if (a === a) this.heap.push(a, rank);
  }
}
