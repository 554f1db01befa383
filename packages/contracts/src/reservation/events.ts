import Type, { type Static } from 'typebox';
import { defineEvent } from '../event-catalog';
import { PickupLocation } from '../inventory/locations';
import { VehicleReadings } from '../inventory/readings';
import { VehicleModel } from '../inventory/vehicles';
import { CancelledBySchema } from './api';
import { BOOKING_LOST_REASONS, LIFECYCLE_ACTORS, RETURN_CHARGE_KINDS } from './constants';

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
  /** Where the car is collected (the reservation's copy); absent in events from before locations, or with none set. */
  pickupLocation: Type.Optional(PickupLocation),
  /**
   * The rental's price (days × daily rate, no deposit), what confirming charges; absent in events
   * from before it was added. The operator's business numbers (inventory's insights) sum it.
   */
  rentalMinor: Type.Optional(Type.Integer({ minimum: 0 })),
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

/** One charge at return, in the reservation's currency (integer minor units). */
export const ReturnCharge = Type.Object({
  kind: Type.Enum(RETURN_CHARGE_KINDS),
  amountMinor: Type.Integer({ minimum: 0 }),
  currency: Type.String(),
  /** What was charged for, in English (the receipt words it per language from the fields below). */
  detail: Type.String(),
  /** How many units were charged: km over the allowance, percentage points below pickup, started hours late. */
  quantity: Type.Number({ minimum: 0 }),
  unit: Type.Enum(['km', 'percent', 'hour']),
  /** The terms' rate per unit (per km, per point, per started hour late). */
  rateMinor: Type.Integer({ minimum: 0 }),
});
export type ReturnCharge = Static<typeof ReturnCharge>;

/** `reservation.reservation.picked_up` v1: the renter has the car; the rental is active. */
export const ReservationPickedUpV1 = Type.Object({
  ...ReservationFacts,
  at: Type.String({ format: 'date-time' }),
  readings: VehicleReadings,
  by: Type.Enum(LIFECYCLE_ACTORS),
});
export type ReservationPickedUpV1 = Static<typeof ReservationPickedUpV1>;

/**
 * `reservation.reservation.returned` v1: the car is back; the charges are final. `totalMinor` is what
 * the return adds to the rental (the sum of `charges`, 0 when none), to be taken from the deposit.
 */
export const ReservationReturnedV1 = Type.Object({
  ...ReservationFacts,
  at: Type.String({ format: 'date-time' }),
  readings: VehicleReadings,
  pickupReadings: Type.Union([VehicleReadings, Type.Null()], { description: 'the readings at pickup' }),
  pickedUpAt: Type.String({ format: 'date-time' }),
  charges: Type.Array(ReturnCharge, {
    description:
      '{ kind: distance | charge | late, amountMinor, currency, detail, quantity, unit, rateMinor }',
  }),
  totalMinor: Type.Integer({ minimum: 0, description: 'the sum of the charges, in currency minor units' }),
  termsVersion: Type.Integer({ minimum: 1 }),
  by: Type.Enum(LIFECYCLE_ACTORS),
});
export type ReservationReturnedV1 = Static<typeof ReservationReturnedV1>;

/** `reservation.reservation.no_show` v1: the renter did not collect the car within the grace; the vehicle is free. */
export const ReservationNoShowV1 = Type.Object({
  ...ReservationFacts,
  at: Type.String({ format: 'date-time' }),
});
export type ReservationNoShowV1 = Static<typeof ReservationNoShowV1>;

/**
 * `reservation.reservation.moved` v1: an operator moved a confirmed booking to other dates or another
 * car of the same model (same number of rental days, same price). The facts are the booking as it
 * is now; `previous` is where it was.
 */
export const ReservationMovedV1 = Type.Object({
  ...ReservationFacts,
  freeCancellationUntil: Type.String({ format: 'date-time' }),
  previous: Type.Object({
    vehicleId: Type.String({ format: 'uuid' }),
    vehicleName: Type.String(),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  }),
});
export type ReservationMovedV1 = Static<typeof ReservationMovedV1>;

/**
 * The reservation service's events, keyed by reservation id (one aggregate's events stay in order).
 * Adding an event: its payload schema above and its line here; the registry, the typed outbox, the
 * consumers' validation and docs/EVENTS.md follow from this object.
 */
export const ReservationEvents = {
  held: defineEvent({
    type: 'reservation.reservation.held',
    version: 1,
    schema: ReservationHeldV1,
    key: 'reservationId',
    description: 'A customer holds a vehicle while reading the terms; the hold lapses unless confirmed.',
  }),
  confirmed: defineEvent({
    type: 'reservation.reservation.confirmed',
    version: 1,
    schema: ReservationConfirmedV1,
    key: 'reservationId',
    description: 'The terms were accepted: the vehicle is booked for the period.',
  }),
  cancelled: defineEvent({
    type: 'reservation.reservation.cancelled',
    version: 1,
    schema: ReservationCancelledV1,
    key: 'reservationId',
    description:
      'The customer or an operator cancelled a held or confirmed reservation; the vehicle is free again.',
  }),
  expired: defineEvent({
    type: 'reservation.reservation.expired',
    version: 1,
    schema: ReservationExpiredV1,
    key: 'reservationId',
    description: 'A hold lapsed before the terms were accepted.',
  }),
  bookingLost: defineEvent({
    type: 'reservation.reservation.booking_lost',
    version: 1,
    schema: ReservationBookingLostV1,
    key: 'reservationId',
    description:
      'Reconciliation found a confirmed reservation without its calendar booking and could not restore it; an operator must act.',
  }),
  pickedUp: defineEvent({
    type: 'reservation.reservation.picked_up',
    version: 1,
    schema: ReservationPickedUpV1,
    key: 'reservationId',
    description: "The renter collected the car: the rental is active; the car's readings at pickup.",
  }),
  returned: defineEvent({
    type: 'reservation.reservation.returned',
    version: 1,
    schema: ReservationReturnedV1,
    key: 'reservationId',
    description:
      'The car is back (marked by an operator or seen parked at home after the period): readings, each charge and their total.',
  }),
  moved: defineEvent({
    type: 'reservation.reservation.moved',
    version: 1,
    schema: ReservationMovedV1,
    key: 'reservationId',
    description:
      'An operator moved a confirmed booking to other dates or another car of the same model (same days, same price); previous says where it was.',
  }),
  noShow: defineEvent({
    type: 'reservation.reservation.no_show',
    version: 1,
    schema: ReservationNoShowV1,
    key: 'reservationId',
    description:
      'The renter did not collect the car within the grace after the start; the vehicle is free again.',
  }),
} as const;
