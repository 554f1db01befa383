import Type, { type Static } from 'typebox';
import { VehicleModel } from '../inventory/vehicles';
import { CancelledBySchema } from './api';
import { BOOKING_LOST_REASONS } from './constants';

/** What every reservation event carries: enough to notify the customer without asking back. */
const ReservationFacts = {
  reservationId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  vehicleId: Type.String({ format: 'uuid' }),
  vehicleName: Type.String(),
  model: VehicleModel,
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  totalDueMinor: Type.Integer({ minimum: 0 }),
  currency: Type.String(),
};

/** `reservation.reservation.held` v1: a customer holds a vehicle while reading the terms. */
export const ReservationHeldV1 = Type.Object({
  ...ReservationFacts,
  holdExpiresAt: Type.String({ format: 'date-time' }),
});
export type ReservationHeldV1 = Static<typeof ReservationHeldV1>;

/** `reservation.reservation.confirmed` v1: the terms were accepted; the vehicle is booked. */
export const ReservationConfirmedV1 = Type.Object({
  ...ReservationFacts,
  termsVersion: Type.Integer({ minimum: 1 }),
  freeCancellationUntil: Type.String({ format: 'date-time' }),
});
export type ReservationConfirmedV1 = Static<typeof ReservationConfirmedV1>;

/** `reservation.reservation.cancelled` v1: by the customer or an operator; the vehicle is free again. */
export const ReservationCancelledV1 = Type.Object({
  ...ReservationFacts,
  cancelledBy: CancelledBySchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  wasConfirmed: Type.Boolean(),
});
export type ReservationCancelledV1 = Static<typeof ReservationCancelledV1>;

/** `reservation.reservation.expired` v1: a hold lapsed before the terms were accepted. */
export const ReservationExpiredV1 = Type.Object(ReservationFacts);
export type ReservationExpiredV1 = Static<typeof ReservationExpiredV1>;

/**
 * `reservation.reservation.booking_lost` v1: the reconciliation found a confirmed reservation with no
 * booking in the vehicle calendar and could not restore it; an operator must act (the customer holds a
 * confirmation for a vehicle that may be promised to someone else).
 */
export const ReservationBookingLostV1 = Type.Object({
  ...ReservationFacts,
  reason: Type.Enum(BOOKING_LOST_REASONS),
  claimId: Type.String({ format: 'uuid', description: 'the calendar claim the reservation held' }),
  detail: Type.String(),
});
export type ReservationBookingLostV1 = Static<typeof ReservationBookingLostV1>;
