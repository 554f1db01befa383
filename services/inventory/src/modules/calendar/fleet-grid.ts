import { SCAN } from './fleet-claims';

/** Grid cells for distance searches, in degrees (about 3.5 miles north to south). */
export const CELL = 0.05;
/**
 * Per vehicle in a cell's records: latitude, longitude, cos(latitude), rank, flags (1 in service, 2
 * with holds, 4 × model), claims, then its first SCAN claims' (start, end): a search near a point
 * reads a cell's vehicles, and most of what decides whether they are free, in one sweep.
 */
export const CELL_HEAD = 6;
export const CELL_FIELDS = CELL_HEAD + 2 * SCAN;

export interface Cell {
  /** Its south-west corner, in degrees. */
  south: number;
  west: number;
  ranks: number[];
  /** Its vehicles' CELL_FIELDS, together so a search reads a cell in one sweep; null when stale. */
  data: Float64Array | null;
}

/** The corner of a box a distance search reads cells within (geo.ts, boundingBox). */
export interface Box {
  south: number;
  north: number;
  west: number;
  east: number;
}

export const cellIndex = (degrees: number) => Math.floor(degrees / CELL);
const keyOf = (latIndex: number, lonIndex: number) => (latIndex + 5_000) * 20_000 + lonIndex + 10_000;
const hasPosition = (lat: number, lon: number) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/**
 * The fleet's vehicles with a position, by grid cell, so a search near a point reads the cells
 * nearest to it first and stops when the page is full; and those whose position is no point on
 * Earth (`offGrid`), which the SQL search still measures.
 */
export class FleetGrid {
  readonly offGrid = new Set<number>();
  private readonly cells = new Map<number, Cell>();
  /** Each rank's cell key; NaN when on no cell. */
  private readonly cellOf: Float64Array;

  constructor(capacity: number) {
    this.cellOf = new Float64Array(capacity).fill(NaN);
  }

  get size(): number {
    return this.cells.size;
  }

  /**
   * Puts a vehicle at (lat, lon), NaN for no position, and marks its cell's records stale (the
   * vehicle's other fields may have changed too).
   */
  place(rank: number, lat: number, lon: number): void {
    const key = hasPosition(lat, lon) ? keyOf(cellIndex(lat), cellIndex(lon)) : NaN;
    if (key !== key && lat === lat && lon === lon) this.offGrid.add(rank);
    else this.offGrid.delete(rank);
    const was = this.cellOf[rank] as number;
    if (was === was) {
      const cell = this.cells.get(was) as Cell;
      cell.data = null;
      if (key === was) return;
      const at = cell.ranks.indexOf(rank);
      cell.ranks[at] = cell.ranks[cell.ranks.length - 1] as number;
      cell.ranks.pop();
      if (cell.ranks.length === 0) this.cells.delete(was);
    }
    this.cellOf[rank] = key;
    if (key !== key) return;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { south: cellIndex(lat) * CELL, west: cellIndex(lon) * CELL, ranks: [], data: null };
      this.cells.set(key, cell);
    }
    cell.ranks.push(rank);
    cell.data = null;
  }

  /** The cells the box covers (a row and a column more, for rounding), or every cell if fewer. */
  forEachCell(box: Box | undefined, visit: (cell: Cell) => void): void {
    const south = box ? cellIndex(box.south) - 1 : 0;
    const north = box ? cellIndex(box.north) + 1 : Infinity;
    const west = box ? cellIndex(box.west) - 1 : 0;
    const east = box ? cellIndex(box.east) + 1 : Infinity;
    if ((north - south + 1) * (east - west + 1) < this.cells.size) {
      for (let la = south; la <= north; la++) {
        for (let lo = west; lo <= east; lo++) {
          const cell = this.cells.get(keyOf(la, lo));
          if (cell) visit(cell);
        }
      }
    } else {
      for (const cell of this.cells.values()) visit(cell);
    }
  }

  /** The cell's records (CELL_FIELDS each), written by `write` once after every change to the cell. */
  records(cell: Cell, write: (rank: number, data: Float64Array, at: number) => void): Float64Array {
    if (cell.data) return cell.data;
    const data = new Float64Array(cell.ranks.length * CELL_FIELDS);
    cell.ranks.forEach((rank, i) => {
      write(rank, data, i * CELL_FIELDS);
    });
    cell.data = data;
    return data;
  }
}
