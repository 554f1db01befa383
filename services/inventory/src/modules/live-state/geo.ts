/** Great-circle distance (haversine): trips' lengths, and whether a car moved past GPS noise. */
/** The mean Earth radius every distance in inventory (trips, availability search) is measured with. */
export const EARTH_RADIUS_MI = 3958.8;

export function milesBetween(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MI * Math.asin(Math.sqrt(h));
}

export const METRES_PER_MILE = 1609.344;
