import { EARTH_RADIUS_MI } from '../live-state/geo';

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

/**
 * Customers never see where a car is (issue 12: a car on someone's rental is "free" for later
 * dates, and its live position tracked the renter). An availability search shows, filters by
 * radius and sorts by the centre of the car's 0.02° cell instead: about 2.2 km north to south and
 * 1.7 km east to west at 40° N, enough to say "near the Mission" and too coarse to find a house or
 * a parking space. Everything a search measures uses that point, so no sequence of `near`/`radiusMi`
 * questions narrows a car down further than its cell.
 *
 * Cell k spans [0.02k, 0.02k + 0.02); its centre is (2k + 1) / 100, written so that it is the
 * double nearest that two-decimal number in JavaScript and in PostgreSQL alike (areaSql).
 */
export const AREA_DEGREES = 0.02;
export function areaCentre(degrees: number): number;
export function areaCentre(degrees: number | null): number | null;
export function areaCentre(degrees: number | null): number | null {
  return degrees === null ? null : (Math.floor(degrees / AREA_DEGREES) * 2 + 1) / 100;
}
