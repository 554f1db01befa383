import { describe, expect, it } from 'vitest';
import { tripsOf, type TripPoint } from './trips';

const t0 = Date.parse('2026-11-25T08:00:00Z');
const point = (minute: number, latitude: number, battery: number): TripPoint => ({
  at: new Date(t0 + minute * 60_000),
  latitude,
  longitude: -97.74,
  batteryLevel: battery,
});

describe('tripsOf', () => {
  it('splits at stops longer than 10 minutes, newest trip first, with distance and battery used', () => {
    const track = [
      point(0, 30.26, 80),
      point(1, 30.27, 79.5),
      point(2, 30.28, 79),
      // parked for an hour
      point(62, 30.28, 79),
      point(63, 30.3, 78),
    ];
    const trips = tripsOf(track);
    expect(trips).toHaveLength(2);
    expect(trips[1]).toMatchObject({ points: 3, batteryUsed: 1, startedAt: new Date(t0) });
    expect(trips[1]?.distanceMi).toBeCloseTo(1.4, 1); // 0.02° of latitude ≈ 1.38 mi
    expect(trips[0]?.startedAt).toEqual(new Date(t0 + 62 * 60_000));
  });

  it('ignores GPS drift and lone points', () => {
    expect(tripsOf([point(0, 30.26, 80), point(1, 30.2601, 80)])).toEqual([]);
    expect(tripsOf([point(0, 30.26, 80)])).toEqual([]);
  });
});
