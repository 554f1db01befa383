/** A vehicle's active claims, by end (they never overlap), in ms since the epoch. */
export interface Claims {
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  /** A hold's expiry; NaN for bookings and maintenance blocks, which never lapse. Null without holds. */
  expires: ArrayLike<number> | null;
}

/** The half-open period a search asks about, and the instant holds are judged lapsed at (ms). */
export interface Period {
  from: number;
  to: number;
  now: number;
}

/**
 * Claims a search reads one after another before it halves: the first ones (from the load's
 * horizon, a day back) are those of the coming weeks, which most searches are about.
 */
export const SCAN = 8;
/** Per vehicle in `meta`: where its claims start in `spans`/`expires`, how many, holds (0/1), room. */
const META = 4;
/** Per vehicle in `head`: how many claims, 1 with holds, then its first SCAN claims' (start, end). */
const HEAD = 2 + 2 * SCAN;

/**
 * Every vehicle's claims (by rank) laid out for the free test: one array of (start, end) pairs, a
 * segment per vehicle with room to grow, and each vehicle's first SCAN claims again in a record of
 * its own, so a search by name reads one record per vehicle.
 */
export class ClaimSpans {
  /** The claims each vehicle has now: a layout afresh reads them all. */
  private readonly claims: Claims[];
  private spans = new Float64Array(0);
  private expires = new Float64Array(0);
  private readonly meta: Int32Array;
  private used = 0;
  private readonly head: Float64Array;

  constructor(claims: readonly Claims[]) {
    this.claims = [...claims];
    this.meta = new Int32Array(claims.length * META);
    this.head = new Float64Array(claims.length * HEAD);
    this.layOut();
  }

  /** Replaces a vehicle's claims. */
  set(rank: number, c: Claims): void {
    this.claims[rank] = c;
    this.write(rank, c);
  }

  /** How many claims the vehicle has. */
  count(rank: number): number {
    return this.meta[rank * META + 1] as number;
  }

  /** Whether any of the vehicle's claims is a hold (which may lapse). */
  hasHolds(rank: number): boolean {
    return this.meta[rank * META + 2] === 1;
  }

  /** The vehicle's first SCAN claims as (start, end) pairs: a view, valid until the next change. */
  firstSpans(rank: number): Float64Array {
    const m = rank * META;
    const base = this.meta[m] as number;
    const n = this.meta[m + 1] as number;
    return this.spans.subarray(2 * base, 2 * (base + Math.min(n, SCAN)));
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

  /** Every vehicle's claims one after another, with a quarter more room at the end for changes. */
  private layOut(): void {
    const total = this.claims.reduce((sum, c) => sum + c.ends.length, 0);
    const size = Math.ceil(total * 1.25) + 1024;
    this.spans = new Float64Array(2 * size);
    this.expires = new Float64Array(size).fill(NaN);
    this.used = 0;
    this.claims.forEach((c, rank) => {
      this.meta[rank * META + 3] = 0;
      this.write(rank, c);
    });
  }

  private write(rank: number, c: Claims): void {
    const m = rank * META;
    const n = c.ends.length;
    if (n > (this.meta[m + 3] as number)) {
      if (this.used + n > this.expires.length) {
        this.layOut(); // out of room: lay every vehicle's claims out afresh, without the gaps
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
}
