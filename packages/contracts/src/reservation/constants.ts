/** Plain constants (no schema library) so the web bundle can import them without TypeBox. */

/**
 * held → confirmed → picked_up (the rental is active) → returned ; held → expired (the hold lapsed) ;
 * held|confirmed → cancelled ; confirmed → no_show (not collected within the grace after the start).
 * "Upcoming" and "past" are views by time and status.
 */
export const RESERVATION_STATUSES = [
  'held',
  'confirmed',
  'cancelled',
  'expired',
  'picked_up',
  'returned',
  'no_show',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * The customer's lists: upcoming = held or confirmed and not yet returned; past = confirmed and
 * returned; cancelled = cancelled or expired.
 */
export const RESERVATION_SCOPES = ['upcoming', 'past', 'cancelled'] as const;
export type ReservationScope = (typeof RESERVATION_SCOPES)[number];

export const CANCELLED_BY = ['customer', 'operator'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/**
 * Every POST that creates or changes a reservation carries one (a UUID or other unique string,
 * 8-200 characters). Retrying with the same key and body replays the first answer; the same key
 * with another body is refused (422 idempotency-key-reused).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * Why a confirmed reservation's booking could not be restored in the calendar:
 * the vehicle is claimed by something else for (part of) the period, the period has already begun
 * (a lost booking of a rental under way is not re-placed), or the vehicle is gone or out of service.
 */
export const BOOKING_LOST_REASONS = ['vehicle_taken', 'period_started', 'vehicle_unavailable'] as const;
export type BookingLostReason = (typeof BOOKING_LOST_REASONS)[number];

/**
 * What a return can charge beyond the rental (the versioned terms set each rate): distance over the
 * included allowance, charge returned below the pickup level, and a return later than the grace.
 */
export const RETURN_CHARGE_KINDS = ['distance', 'charge', 'late'] as const;
export type ReturnChargeKind = (typeof RETURN_CHARGE_KINDS)[number];

/** Who marked a pickup or a return: an operator, or the service itself (no-show, a car seen back home). */
export const LIFECYCLE_ACTORS = ['operator', 'automatic'] as const;
export type LifecycleActor = (typeof LIFECYCLE_ACTORS)[number];
