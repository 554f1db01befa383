import { EARTH_RADIUS_MI } from '../tesla/geo';

/** Distances on the sphere the availability search measures on, in both of its implementations. */
export { EARTH_RADIUS_MI };
const DEGREES = 180 / Math.PI;

/**
 * The smallest latitude/longitude box holding every point within `radiusMi` of `near` on the same
 * sphere the haversine uses (a cap of angular radius θ spans ±θ in latitude and ±asin(sin θ / cos φ)
 * in longitude), widened by a hair for rounding; undefined when the cap reaches a pole or crosses
 * the antimeridian (the exact radius test alone then applies).
 */
export function boundingBox(near: { latitude: number; longitude: number }, radiusMi: number) {
  const theta = radiusMi / EARTH_RADIUS_MI;
  const dLat = theta * DEGREES + 1e-6;
  const ratio = Math.sin(theta) / Math.cos(near.latitude / DEGREES);
  if (near.latitude - dLat <= -90 || near.latitude + dLat >= 90 || ratio >= 1) return undefined;
  const dLon = Math.asin(ratio) * DEGREES + 1e-6;
  if (near.longitude - dLon <= -180 || near.longitude + dLon >= 180) return undefined;
  return {
    south: near.latitude - dLat,
    north: near.latitude + dLat,
    west: near.longitude - dLon,
    east: near.longitude + dLon,
  };
}
