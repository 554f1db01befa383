import { milesBetween } from './geo';
import type { TrackPoint } from './live-state.types';

/** What a trip is computed from: a position and the battery level there. */
export type TripPoint = Pick<TrackPoint, 'at' | 'latitude' | 'longitude' | 'batteryLevel'>;

export interface Trip {
  startedAt: Date;
  endedAt: Date;
  distanceMi: number;
  batteryUsed: number | null;
  points: number;
}

/**
 * Splits a position history (oldest first) into trips: points are only recorded when the car moves,
 * so a gap longer than `stopMs` between two points is a stop. Trips under `minMiles` are GPS drift.
 */
export function tripsOf(track: TripPoint[], stopMs = 10 * 60_000, minMiles = 0.2): Trip[] {
  const trips: Trip[] = [];
  let current: TripPoint[] = [];
  const close = () => {
    if (current.length >= 2) {
      let distance = 0;
      for (let i = 1; i < current.length; i++)
        distance += milesBetween(current[i - 1] as TripPoint, current[i] as TripPoint);
      const first = current[0] as TripPoint;
      const last = current[current.length - 1] as TripPoint;
      if (distance >= minMiles)
        trips.push({
          startedAt: first.at,
          endedAt: last.at,
          distanceMi: Math.round(distance * 10) / 10,
          batteryUsed:
            first.batteryLevel !== null && last.batteryLevel !== null
              ? Math.round((first.batteryLevel - last.batteryLevel) * 10) / 10
              : null,
          points: current.length,
        });
    }
    current = [];
  };
  for (const point of track) {
    const previous = current[current.length - 1];
    if (previous && point.at.getTime() - previous.at.getTime() > stopMs) close();
    current.push(point);
  }
  close();
  return trips.reverse();
}
