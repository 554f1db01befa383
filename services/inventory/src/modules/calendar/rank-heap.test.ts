import { describe, expect, it } from 'vitest';
import { RankHeap } from './rank-heap';

/** Pops everything, as (key, rank) pairs in the order the heap gives them. */
function drain(heap: RankHeap): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (heap.size > 0) {
    out.push([heap.firstKey(), heap.firstRank()]);
    heap.pop();
  }
  return out;
}

describe('RankHeap', () => {
  it('gives pairs by key, then by rank among equal keys', () => {
    const heap = new RankHeap(8);
    const pairs: Array<[number, number]> = [
      [0.5, 7],
      [0.1, 3],
      [0.5, 2],
      [0.3, 1],
      [0.1, 0],
      [0.9, 4],
      [0.5, 5],
    ];
    for (const [key, rank] of pairs) heap.push(key, rank);
    expect(heap.size).toBe(7);
    expect(drain(heap)).toEqual([
      [0.1, 0],
      [0.1, 3],
      [0.3, 1],
      [0.5, 2],
      [0.5, 5],
      [0.5, 7],
      [0.9, 4],
    ]);
  });

  it('matches a sort of random pairs, with pushes between pops, and starts empty after clear', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const heap = new RankHeap(1_000);
    const reference: Array<[number, number]> = [];
    const byKeyThenRank = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
    for (let rank = 0; rank < 1_000; rank++) {
      // Few distinct keys, so ties are common.
      const key = Math.floor(random() * 50) / 50;
      heap.push(key, rank);
      reference.push([key, rank]);
      if (rank % 7 === 6) {
        reference.sort(byKeyThenRank);
        const first = reference.shift();
        expect([heap.firstKey(), heap.firstRank()]).toEqual(first);
        heap.pop();
      }
    }
    expect(drain(heap)).toEqual(reference.sort(byKeyThenRank));

    heap.push(1, 1);
    heap.clear();
    expect(heap.size).toBe(0);
    heap.push(0.25, 9);
    expect(drain(heap)).toEqual([[0.25, 9]]);
  });
});
