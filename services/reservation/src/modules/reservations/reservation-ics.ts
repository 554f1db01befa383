import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { directionsUrl, formatAddress, type PickupLocation } from '@cybertacotruck/contracts';
import type { ReservationRecord } from './reservations.repository';

const MINUTE_MS = 60_000;
/** How long the pickup and return appointments are in a calendar: a handover, not the rental. */
const HANDOVER_MINUTES = 30;

/** `instant` as wall-clock time in `zone`, `YYYY-MM-DDTHH:MM:SS` (ical-generator writes it under TZID). */
export function wallClock(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * The reservation as an iCalendar file: the pickup and the return as two events, at the pickup
 * location (address and GEO) and in its time zone (the reservation's when it has no location).
 * UIDs are stable, so importing the file again updates the same events; a cancelled reservation's
 * file marks them cancelled.
 */
export function reservationCalendar(r: ReservationRecord, contactPhone: string | null): string {
  const place = r.pickupLocation;
  const zone = place?.timeZone ?? r.timeZone;
  const calendar = ical({
    prodId: { company: 'cybertacotruck', product: 'reservations', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    name: `${r.vehicleName} rental`,
  });
  calendar.timezone({ name: zone, generator: undefined });
  const status =
    r.status === 'cancelled' || r.status === 'expired'
      ? ICalEventStatus.CANCELLED
      : ICalEventStatus.CONFIRMED;
  const description = describe(place, contactPhone);
  const event = (kind: 'pickup' | 'return', start: Date, summary: string) =>
    calendar.createEvent({
      id: `${r.id}-${kind}@cybertacotruck`,
      start: wallClock(start, zone),
      end: wallClock(new Date(start.getTime() + HANDOVER_MINUTES * MINUTE_MS), zone),
      timezone: zone,
      stamp: r.updatedAt,
      summary,
      status,
      description,
      ...(place && {
        location: {
          title: place.name,
          address: formatAddress(place.address),
          geo: { lat: place.coordinates.lat, lon: place.coordinates.lng },
        },
      }),
    });
  event('pickup', r.from, `Pick up ${r.vehicleName}`);
  event('return', new Date(r.to.getTime() - HANDOVER_MINUTES * MINUTE_MS), `Return ${r.vehicleName}`);
  return calendar.toString();
}

function describe(place: PickupLocation | null, contactPhone: string | null): string {
  const lines: string[] = [];
  if (place) {
    lines.push(`${place.name}, ${formatAddress(place.address)}`);
    lines.push(`Directions: ${directionsUrl(place.coordinates)}`);
    if (place.instructions) lines.push('', place.instructions);
  }
  if (contactPhone) lines.push('', `Contact: ${contactPhone}`);
  return lines.join('\n');
}
