import { describe, expect, it } from 'vitest';
import { ClaimSpans, SCAN, type Claims } from './fleet-claims';

const H = 3_600_000;
const NOW = 1_000 * H;

/** Claims from [start, end) hour pairs; a third number is a hold's expiry hour. */
function claims(...spans: Array<[number, number] | [number, number, number]>): Claims {
  const holds = spans.some((s) => s.length === 3);
  return {
    starts: spans.map(([s]) => s * H),
    ends: spans.map(([, e]) => e * H),
    expires: holds ? spans.map((s) => (s[2] === undefined ? NaN : s[2] * H)) : null,
  };
}

/** The reference test: no active claim (a hold past its expiry is not) overlaps [from, to). */
function freeByDefinition(c: Claims, from: number, to: number, now: number): boolean {
  for (let i = 0; i < c.ends.length; i++) {
    const lapsed = c.expires !== null && (c.expires[i] as number) <= now;
    if (!lapsed && (c.starts[i] as number) < to && (c.ends[i] as number) > from) return false;
  }
  return true;
}

describe('ClaimSpans', () => {
  it('a period is free when no claim overlaps it; touching ends do not overlap ([from, to))', () => {
    const spans = new ClaimSpans([claims([10, 20], [30, 40]), claims()]);
    const free = (rank: number, from: number, to: number) => spans.isFree(rank, from * H, to * H, NOW);
    expect(free(0, 20, 30)).toBe(true);
    expect(free(0, 0, 10)).toBe(true);
    expect(free(0, 40, 90)).toBe(true);
    expect(free(0, 19, 21)).toBe(false);
    expect(free(0, 25, 31)).toBe(false);
    expect(free(0, 0, 100)).toBe(false);
    expect(free(1, 0, 100)).toBe(true);
    expect(spans.count(0)).toBe(2);
    expect(spans.hasHolds(0)).toBe(false);
  });

  it('a hold past its expiry frees its period; one not yet expired does not', () => {
    const spans = new ClaimSpans([claims([10, 20, 5], [30, 40])]);
    expect(spans.hasHolds(0)).toBe(true);
    expect(spans.isFree(0, 12 * H, 18 * H, 4 * H)).toBe(false);
    expect(spans.isFree(0, 12 * H, 18 * H, 5 * H)).toBe(true);
    expect(spans.isFree(0, 12 * H, 35 * H, 6 * H)).toBe(false);
  });

  it('agrees with the definition for vehicles with many claims (past the first SCAN), holds or not', () => {
    const many = Array.from({ length: 5 * SCAN }, (_, i): [number, number] => [10 * i, 10 * i + 6]);
    const withHolds = many.map(([s, e], i): [number, number, number] => [s, e, i % 3 === 0 ? 50 : 1e6]);
    const sets = [claims(...many), claims(...withHolds)];
    const spans = new ClaimSpans(sets);
    for (let rank = 0; rank < sets.length; rank++) {
      for (let from = -5; from < 10 * 5 * SCAN + 5; from += 3) {
        for (const length of [1, 4, 9, 30]) {
          const c = sets[rank] as Claims;
          expect(
            spans.isFree(rank, from * H, (from + length) * H, 100 * H),
            `${rank} ${from}+${length}`,
          ).toBe(freeByDefinition(c, from * H, (from + length) * H, 100 * H));
        }
      }
    }
    expect(Array.from(spans.firstSpans(0))).toEqual(many.slice(0, SCAN).flatMap(([s, e]) => [s * H, e * H]));
  });

  it('takes new claims for a vehicle, growing it past its room (a layout afresh), and keeps the others', () => {
    const before = Array.from({ length: 50 }, () => claims([10, 20]));
    const spans = new ClaimSpans(before);
    // Far more claims than the room left: every vehicle's claims are laid out again.
    const grown = claims(
      ...Array.from({ length: 3_000 }, (_, i): [number, number] => [100 + 2 * i, 101 + 2 * i]),
    );
    spans.set(7, grown);
    expect(spans.count(7)).toBe(3_000);
    expect(spans.isFree(7, 100 * H, 101 * H, NOW)).toBe(false);
    expect(spans.isFree(7, 101 * H, 102 * H, NOW)).toBe(true);
    expect(spans.isFree(7, 10 * H, 20 * H, NOW)).toBe(true);
    for (const rank of [0, 6, 8, 49]) {
      expect(spans.isFree(rank, 15 * H, 16 * H, NOW)).toBe(false);
      expect(spans.isFree(rank, 20 * H, 30 * H, NOW)).toBe(true);
    }
    // Fewer claims reuse the vehicle's segment.
    spans.set(7, claims([1, 2]));
    expect(spans.count(7)).toBe(1);
    expect(spans.isFree(7, 100 * H, 101 * H, NOW)).toBe(true);
    expect(spans.isFree(7, 1 * H, 2 * H, NOW)).toBe(false);
  });
});
