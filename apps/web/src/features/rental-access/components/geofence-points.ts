import type { GeofenceShape } from '@cybertacotruck/contracts';

export interface Corner {
  latitude: number;
  longitude: number;
}

const MAX_CORNERS = 200;

/**
 * A polygon pasted as text: one "latitude, longitude" a line (a ";" also ends a corner; blank lines
 * are skipped). The corners, or the first fault in words that name the line.
 */
export function parsePoints(text: string): { points: Corner[]; error: string | null } {
  const parts = text
    .split(/[\n;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const points: Corner[] = [];
  for (const [i, part] of parts.entries()) {
    const line = `Corner ${String(i + 1)}`;
    const numbers = part.split(/[\s,]+/).filter((n) => n !== '');
    if (numbers.length !== 2)
      return { points, error: `${line}: write it as “latitude, longitude”, e.g. 30.2672, -97.7431` };
    const [latitude, longitude] = numbers.map(Number) as [number, number];
    if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90)
      return { points, error: `${line}: the latitude must be a number from -90 to 90` };
    if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180)
      return { points, error: `${line}: the longitude must be a number from -180 to 180` };
    points.push({ latitude, longitude });
  }
  if (points.length < 3) return { points, error: 'A polygon needs at least 3 corners' };
  if (points.length > MAX_CORNERS)
    return { points, error: `A polygon has at most ${String(MAX_CORNERS)} corners` };
  return { points, error: null };
}

/** "50 km around 30.2672, -97.7431" or "A polygon of 5 corners". */
export function describeShape(shape: GeofenceShape): string {
  if (shape.kind === 'polygon') return `A polygon of ${String(shape.points.length)} corners`;
  return `${String(shape.radiusKm)} km around ${shape.center.latitude.toFixed(4)}, ${shape.center.longitude.toFixed(4)}`;
}
