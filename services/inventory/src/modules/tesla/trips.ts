import { milesBetween } from './geo';

export interface TrackPointRow {
  at: Date;
  latitude: number;
  longitude: number;
  battery_level: number | null;
}

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
export function tripsOf(track: TrackPointRow[], stopMs = 10 * 60_000, minMiles = 0.2): Trip[] {
  const trips: Trip[] = [];
  let current: TrackPointRow[] = [];
  const close = () => {
    if (current.length >= 2) {
      let distance = 0;
      for (let i = 1; i < current.length; i++)
        distance += milesBetween(current[i - 1] as TrackPointRow, current[i] as TrackPointRow);
      const first = current[0] as TrackPointRow;
      const last = current[current.length - 1] as TrackPointRow;
      if (distance >= minMiles)
        trips.push({
          startedAt: first.at,
          endedAt: last.at,
          distanceMi: Math.round(distance * 10) / 10,
          batteryUsed:
            first.battery_level !== null && last.battery_level !== null
              ? Math.round((first.battery_level - last.battery_level) * 10) / 10
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
