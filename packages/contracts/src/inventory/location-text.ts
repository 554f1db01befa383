// Plain functions and constants (no schema library) so the web bundle can import them without TypeBox.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Longest pickup instructions an operator may write (a short paragraph or two, fits an e-mail). */
export const LOCATION_INSTRUCTIONS_MAX = 1000;

/** Where the renter's maps app takes them: Google Maps' documented "directions" URL (works without an API key). */
export function directionsUrl(coordinates: { lat: number; lng: number }): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${coordinates.lat},${coordinates.lng}`;
}

export interface AddressParts {
  lines: readonly string[];
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
}

/** The address on one line, e.g. "1 Main St, Austin, TX 78701, US" (as SMS and the calendar show it). */
export function formatAddress(address: AddressParts): string {
  const regionPostal = [address.region, address.postalCode].filter((p) => p).join(' ');
  return [...address.lines, address.city, regionPostal, address.country].filter((p) => p).join(', ');
}
