import type {
  BookingLostReason,
  Principal,
  Reservation,
  ReservationBookingLostV1,
  ReservationCancelledV1,
  ReservationConfirmedV1,
  ReservationExpiredV1,
  ReservationHeldV1,
} from '@cybertacotruck/contracts';
import { cancellationPolicy } from '../terms/terms.service';
import type { ReservationRecord } from './reservations.repository';

const HOUR_MS = 3_600_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Whether `viewer` may cancel now: an operator any open reservation; a customer their held one
 * (abandoning it) and their confirmed one until the free-cancellation time.
 */
export function mayCancel(r: ReservationRecord, viewer: Principal, now: Date): boolean {
  // Picked up, returned, no-show: past cancelling (an operator settles those with the renter).
  if (r.status !== 'held' && r.status !== 'confirmed') return false;
  if (viewer.role === 'operator') return true;
  return r.status === 'held' || now.getTime() <= r.freeCancelUntil.getTime();
}

/**
 * The API shape of a reservation, with `cancellation.allowed` for the caller and whom to contact:
 * the pickup location's phone, else the operator's (`operatorContact`, from configuration).
 */
export function presentReservation(
  r: ReservationRecord,
  viewer: Principal,
  now: Date,
  operatorContact: string | null = null,
): Reservation {
  const contactPhone = r.pickupLocation?.phone ?? operatorContact;
  // The policy in force when it was held: its lead time is the gap between free-until and pickup.
  const hours = Math.round((r.from.getTime() - r.freeCancelUntil.getTime()) / HOUR_MS);
  return {
    id: r.id,
    customerId: r.customerId,
    vehicleId: r.vehicleId,
    vehicle: { model: r.vehicleModel, displayName: r.vehicleName },
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    timeZone: r.timeZone,
    status: r.status,
    holdExpiresAt: iso(r.holdExpiresAt),
    quote: {
      model: r.vehicleModel,
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      timeZone: r.timeZone,
      ...r.quote,
    },
    terms: { version: r.termsVersion, acceptedAt: iso(r.termsAcceptedAt) },
    cancellation: {
      policy: cancellationPolicy(hours, contactPhone),
      freeUntil: r.freeCancelUntil.toISOString(),
      allowed: mayCancel(r, viewer, now),
    },
    cancelledAt: iso(r.cancelledAt),
    cancelledBy: r.cancelledBy,
    cancelReason: r.cancelReason,
    pickupLocation: r.pickupLocation,
    contactPhone,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What every reservation event carries (see contracts/reservation/events.ts). */
export function facts(r: ReservationRecord) {
  return {
    reservationId: r.id,
    customerId: r.customerId,
    vehicleId: r.vehicleId,
    vehicleName: r.vehicleName,
    model: r.vehicleModel,
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    timeZone: r.timeZone,
    totalDueMinor: r.quote.totalDueMinor,
    currency: r.quote.currency,
    rentalMinor: r.quote.subtotalMinor,
    ...(r.pickupLocation && { pickupLocation: r.pickupLocation }),
  };
}

export const heldEvent = (r: ReservationRecord): ReservationHeldV1 => ({
  ...facts(r),
  holdExpiresAt: (r.holdExpiresAt ?? r.createdAt).toISOString(),
});

export const confirmedEvent = (r: ReservationRecord): ReservationConfirmedV1 => ({
  ...facts(r),
  termsVersion: r.termsVersion,
  freeCancellationUntil: r.freeCancelUntil.toISOString(),
});

export const cancelledEvent = (r: ReservationRecord, wasConfirmed: boolean): ReservationCancelledV1 => ({
  ...facts(r),
  cancelledBy: r.cancelledBy ?? 'operator',
  reason: r.cancelReason,
  wasConfirmed,
});

export const expiredEvent = (r: ReservationRecord): ReservationExpiredV1 => facts(r);

export const bookingLostEvent = (
  r: ReservationRecord,
  reason: BookingLostReason,
  detail: string,
): ReservationBookingLostV1 => ({ ...facts(r), reason, claimId: r.claimId, detail });
