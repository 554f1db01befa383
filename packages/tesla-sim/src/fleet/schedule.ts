import { createRng, deriveSeed } from '../prng';

/** One day of a car's routine, in epoch ms: a few trips and an evening plug-in. */
export interface DayPlan {
  day: number;
  trips: Array<{ startMs: number; minutes: number }>;
  plugInMs: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function localDay(ms: number, utcOffsetHours: number): number {
  return Math.floor((ms + utcOffsetHours * HOUR_MS) / DAY_MS);
}

/**
 * A deterministic plan for (seed, car, day): independent of how the clock was advanced, so a week
 * simulated in one jump or in a thousand steps gives every car the same routine.
 */
export function planDay(seed: number, vehicleIndex: number, day: number, utcOffsetHours: number): DayPlan {
  const rng = createRng(deriveSeed(seed, 'plan', vehicleIndex, day));
  const midnight = day * DAY_MS - utcOffsetHours * HOUR_MS;
  const count = rng.int(2, 4);
  const trips: DayPlan['trips'] = [];
  let cursor = midnight + 7 * HOUR_MS + rng.int(0, 90) * 60_000;
  for (let i = 0; i < count; i++) {
    const minutes = rng.int(8, 45);
    trips.push({ startMs: cursor, minutes });
    const gap = Math.floor(((21 * HOUR_MS + midnight - cursor) / (count - i)) * rng.range(0.5, 1));
    cursor += minutes * 60_000 + Math.max(30 * 60_000, gap);
    if (cursor > midnight + 21 * HOUR_MS) break;
  }
  const plugInMs = midnight + 21 * HOUR_MS + rng.int(0, 150) * 60_000;
  return { day, trips, plugInMs };
}
