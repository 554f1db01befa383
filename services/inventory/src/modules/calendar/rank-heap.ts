/**
 * A binary min-heap of (key, rank) pairs ordered by key, then rank, in two typed arrays allocated
 * once per fleet: a distance search pushes every free candidate near the point and pops them
 * nearest first, and allocating per search (or boxing pairs) was measurable at a few thousand
 * searches a second. Ties on the key come out by rank, as SQL's `order by distance, name` does.
 */
export class RankHeap {
  size = 0;
  private readonly keys: Float64Array;
  private readonly ranks: Int32Array;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ranks = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** The least key (undefined behaviour when empty: check `size`). */
  firstKey(): number {
    return this.keys[0] as number;
  }

  /** The rank of the least key. */
  firstRank(): number {
    return this.ranks[0] as number;
  }

  push(key: number, rank: number): void {
    const keys = this.keys;
    const ranks = this.ranks;
    let i = this.size;
    this.size += 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const kp = keys[parent] as number;
      if (kp < key || (kp === key && (ranks[parent] as number) < rank)) break;
      keys[i] = kp;
      ranks[i] = ranks[parent] as number;
      i = parent;
    }
    keys[i] = key;
    ranks[i] = rank;
  }

  /** Removes the least. */
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
