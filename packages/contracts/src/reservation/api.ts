import Type, { type Static, type TSchema } from 'typebox';
import { AvailablePrice } from '../inventory/calendar';
import { PickupLocation } from '../inventory/locations';
import { VehicleModel } from '../inventory/vehicles';
import { FreeText, INT4_MAX, Name } from '../text';
import { CANCELLED_BY, RESERVATION_SCOPES, RESERVATION_STATUSES } from './constants';
import { ReturnFees } from './return-fees';
import { PaymentInput } from './payments';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({
  format: 'date-time',
  description: 'an ISO 8601 date-time with a time zone, e.g. 2026-05-01T09:00:00Z',
});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Minor = (description: string) =>
  Type.Integer({ minimum: 0, description: `${description}, in minor units (cents)` });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'an ISO 4217 currency code, e.g. USD' });
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'an IANA time zone such as America/Chicago; rental days are counted in it',
});
const LocalDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'a calendar date YYYY-MM-DD',
});

// ----- rates (operator sets, everyone reads) ----------------------------------------------------

export const Rate = Type.Object({
  model: VehicleModel,
  dailyRateMinor: Minor('the price of one rental day'),
  depositMinor: Minor('the refundable deposit taken at pickup'),
  currency: Currency,
  updatedAt: DateTime,
});
export type Rate = Static<typeof Rate>;

export const RateList = Type.Object({ items: Type.Array(Rate) });
export type RateList = Static<typeof RateList>;

export const RateModelParams = Type.Object({ model: VehicleModel });

export const UpdateRateBody = Type.Object(
  {
    dailyRateMinor: Type.Integer({
      minimum: 100,
      maximum: 10_000_000,
      description: 'minor units, 100-10000000',
    }),
    depositMinor: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'minor units, 0-10000000' }),
    currency: Currency,
  },
  { additionalProperties: false },
);
export type UpdateRateBody = Static<typeof UpdateRateBody>;

// ----- quotes -----------------------------------------------------------------------------------

export const QuoteQuery = Type.Object({
  vehicleId: Type.Optional(Uuid),
  model: Type.Optional(VehicleModel),
  from: DateTime,
  to: DateTime,
  timeZone: Type.Optional(TimeZone),
});
export type QuoteQuery = Static<typeof QuoteQuery>;

/**
 * The price of [from, to) for one model. Days are counted in `timeZone`: from the pickup date to
 * the return date, plus one when the return's local time of day is later than the pickup's
 * (a 10:00 → 10:00 rental is whole days even across a daylight-saving change); at least one.
 */
export const Quote = Type.Object({
  model: VehicleModel,
  from: DateTime,
  to: DateTime,
  timeZone: TimeZone,
  pickupDate: LocalDate,
  returnDate: LocalDate,
  days: Type.Integer({ minimum: 1 }),
  dailyRateMinor: Minor('the daily rate'),
  subtotalMinor: Minor('days × daily rate, what the rental costs'),
  depositMinor: Minor('the refundable deposit'),
  totalDueMinor: Minor('subtotal + deposit, what is taken at pickup'),
  currency: Currency,
});
export type Quote = Static<typeof Quote>;

/**
 * Internal (inventory → reservation, for availability answers): the price of [from, to) for each
 * model at once. Rental days as in a quote; a period a reservation could not have is still
 * priced (the availability search has already judged it).
 */
export const PriceModelsBody = Type.Object(
  {
    from: DateTime,
    to: DateTime,
    timeZone: Type.Optional(TimeZone),
    models: Type.Array(VehicleModel, { minItems: 1, maxItems: 16, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type PriceModelsBody = Static<typeof PriceModelsBody>;

export const ModelPrices = Type.Object({
  timeZone: TimeZone,
  items: Type.Array(
    Type.Object({
      model: VehicleModel,
      price: Nullable(
        Type.Object(AvailablePrice.properties, { description: 'null when the model has no rate yet' }),
      ),
    }),
  ),
});
export type ModelPrices = Static<typeof ModelPrices>;

// ----- terms and conditions ---------------------------------------------------------------------

export const CancellationPolicy = Type.Object({
  freeUntilHoursBeforePickup: Type.Integer({ minimum: 0 }),
  summary: Type.String({ description: 'the policy in one sentence, as shown before accepting' }),
});
export type CancellationPolicy = Static<typeof CancellationPolicy>;

export const Terms = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  title: Type.String(),
  body: Type.String({ description: 'plain text; paragraphs separated by blank lines' }),
  publishedAt: DateTime,
  /** What a return charges under this version (distance, charge, lateness); null: nothing (version 1). */
  returnFees: Type.Union([ReturnFees, Type.Null()]),
  cancellation: CancellationPolicy,
});
export type Terms = Static<typeof Terms>;

export const TermsVersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: INT4_MAX }) });

export const PublishTermsBody = Type.Object(
  {
    title: Name({ maxLength: 200 }),
    body: FreeText({ maxLength: 50_000 }),
    /** The fees at return under the new version; omitted: the current version's carry over. */
    returnFees: Type.Optional(ReturnFees),
  },
  { additionalProperties: false },
);
export type PublishTermsBody = Static<typeof PublishTermsBody>;

// ----- reservations -----------------------------------------------------------------------------

export const ReservationStatusSchema = Type.Enum(RESERVATION_STATUSES, {
  description: 'held (waiting for the terms to be accepted), confirmed, cancelled or expired',
});
export const ReservationScopeSchema = Type.Enum(RESERVATION_SCOPES, {
  description: 'upcoming (held or confirmed, not yet returned), past (returned), cancelled (or expired)',
});
export const CancelledBySchema = Type.Enum(CANCELLED_BY);

export const Reservation = Type.Object({
  id: Uuid,
  customerId: Uuid,
  vehicleId: Uuid,
  vehicle: Type.Object({
    model: VehicleModel,
    displayName: Type.String(),
  }),
  from: DateTime,
  to: DateTime,
  timeZone: TimeZone,
  status: ReservationStatusSchema,
  /** While held: when the hold lapses unless the terms are accepted. */
  holdExpiresAt: Nullable(DateTime),
  quote: Quote,
  /** The terms shown with the hold, and when the customer accepted them (null until confirmed). */
  terms: Type.Object({ version: Type.Integer({ minimum: 1 }), acceptedAt: Nullable(DateTime) }),
  cancellation: Type.Object({
    policy: CancellationPolicy,
    /** Until when the customer may cancel free of charge (pickup − lead time). */
    freeUntil: DateTime,
    /** Whether the caller may cancel it now (a customer after freeUntil may not; an operator always may). */
    allowed: Type.Boolean(),
  }),
  cancelledAt: Nullable(DateTime),
  cancelledBy: Nullable(CancelledBySchema),
  cancelReason: Nullable(Type.String()),
  /**
   * Where the car is collected and returned: the vehicle's home location as it was when the car was
   * held (null when the vehicle had none; the operator's contact then applies).
   */
  pickupLocation: Nullable(PickupLocation),
  /**
   * Whom the renter contacts about this reservation (a late cancellation, a question at pickup):
   * the pickup location's phone, else the operator's (OPERATOR_CONTACT_PHONE); null when neither is set.
   */
  contactPhone: Nullable(Type.String({ description: 'E.164' })),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Reservation = Static<typeof Reservation>;

export const ReservationIdParams = Type.Object({ id: Uuid });

export const ReservationList = Type.Object({
  items: Type.Array(Reservation),
  nextOffset: Nullable(Type.Integer({ description: 'the offset of the next page, null on the last' })),
});
export type ReservationList = Static<typeof ReservationList>;

/**
 * A customer sees only their own (by scope); an operator sees everyone's and may filter by vehicle,
 * customer, status and a window [from, to) that the reservation overlaps.
 */
export const ReservationListQuery = Type.Object({
  scope: Type.Optional(ReservationScopeSchema),
  status: Type.Optional(ReservationStatusSchema),
  vehicleId: Type.Optional(Uuid),
  customerId: Type.Optional(Uuid),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
});
export type ReservationListQuery = Static<typeof ReservationListQuery>;

export const CreateReservationBody = Type.Object(
  {
    vehicleId: Uuid,
    from: DateTime,
    to: DateTime,
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);
export type CreateReservationBody = Static<typeof CreateReservationBody>;

export const ConfirmReservationBody = Type.Object(
  {
    termsVersion: Type.Integer({
      minimum: 1,
      maximum: INT4_MAX,
      description: 'the version of the terms the customer read',
    }),
    acceptTerms: Type.Literal(true, { description: 'must be true: the customer accepts the terms' }),
    /** The card that pays the rental and holds the deposit; omitted when coming back from 3-D Secure. */
    payment: Type.Optional(PaymentInput),
  },
  { additionalProperties: false },
);
export type ConfirmReservationBody = Static<typeof ConfirmReservationBody>;

export const CancelReservationBody = Type.Object(
  { reason: Type.Optional(FreeText({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type CancelReservationBody = Static<typeof CancelReservationBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 200,
    pattern: '^[\\x21-\\x7e]+$',
    description:
      'a unique key per intended action (e.g. a UUID); a retry with the same key replays the answer',
  }),
});

export * from './payments';
