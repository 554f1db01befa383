import Type, { type Static } from 'typebox';

/**
 * The reservation service's own keys: how long a hold waits for the terms, which periods may be
 * reserved, the free-cancellation lead time and the time zone rental days are counted in.
 */
export const ReservationConfigSchema = Type.Object({
  OPERATOR_CONTACT_PHONE: Type.Optional(
    Type.String({
      pattern: '^\\+[1-9][0-9]{6,14}$',
      description:
        'the phone renters call about a reservation whose pickup location has none (late cancellations, questions), E.164 e.g. +15125550100',
    }),
  ),
  RESERVATION_DRIVER_VERIFICATION: Type.Enum(['required', 'off'], {
    default: 'required',
    description:
      'required: a customer confirms only with an approved, unexpired driver’s licence and the model’s minimum age (asked of the account service); off: no check (tests of other things; refused in production)',
  }),
  RESERVATION_MIN_DRIVER_AGE: Type.Integer({
    minimum: 16,
    maximum: 99,
    default: 21,
    description: 'the youngest a driver may be on the pickup day, in years, 16-99',
  }),
  RESERVATION_MIN_DRIVER_AGE_BY_MODEL: Type.String({
    pattern:
      '^((model_3|model_y|model_s|model_x|cybertruck)=[1-9][0-9](,(model_3|model_y|model_s|model_x|cybertruck)=[1-9][0-9])*)?$',
    default: '',
    description:
      'a higher (or lower) minimum age per model, e.g. model_s=25,model_x=25,cybertruck=25; models not named use RESERVATION_MIN_DRIVER_AGE',
  }),
  RESERVATION_HOLD_SECONDS: Type.Integer({
    minimum: 10,
    maximum: 3600,
    default: 600,
    description: 'seconds a new reservation holds its vehicle while the customer reads the terms, 10-3600',
  }),
  RESERVATION_MIN_HOURS: Type.Integer({
    minimum: 1,
    maximum: 720,
    default: 4,
    description: 'the shortest rental a customer may reserve, in hours, 1-720',
  }),
  RESERVATION_MAX_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'the longest rental a customer may reserve, in days, 1-365',
  }),
  RESERVATION_FREE_CANCEL_HOURS: Type.Integer({
    minimum: 0,
    maximum: 720,
    default: 24,
    description:
      'hours before pickup until which a customer may cancel a confirmed reservation free of charge, 0-720',
  }),
  RESERVATION_DEFAULT_TIME_ZONE: Type.String({
    minLength: 1,
    maxLength: 64,
    default: 'America/Chicago',
    description:
      'the IANA time zone rental days are counted in when a request names none, e.g. America/Chicago',
  }),
  RESERVATION_IDEMPOTENCY_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 7,
    description: 'days an Idempotency-Key is remembered (a retry within them replays the answer), 1-365',
  }),
  RESERVATION_MAX_ACTIVE_HOLDS: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 2,
    description:
      'holds (reservations waiting for the terms) one customer may have at once; another is 409 reservation-limit-reached (operators are not limited), 1-1000',
  }),
  RESERVATION_MAX_UPCOMING: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 5,
    description:
      'reservations one customer may have open at once, held or confirmed and not yet over; another is 409 reservation-limit-reached, 1-1000',
  }),
  RESERVATION_SWEEP_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description:
      'milliseconds between sweeps that mark lapsed holds expired and retry owed calendar releases, 100-600000',
  }),
  RESERVATION_RECONCILE_MS: Type.Integer({
    minimum: 1_000,
    maximum: 86_400_000,
    default: 60_000,
    description:
      'milliseconds between passes that compare reservations with the calendar, repair and alert, 1000-86400000',
  }),
  RESERVATION_NO_SHOW_GRACE_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 10_080,
    default: 120,
    description:
      'minutes after the start a confirmed reservation waits for its pickup before it is a no-show (the car is freed), 0-10080',
  }),
  RESERVATION_RETURN_RADIUS_M: Type.Integer({
    minimum: 10,
    maximum: 10_000,
    default: 150,
    description:
      'metres from its home location within which a parked car after the rental period counts as returned (automatic return), 10-10000',
  }),
  RESERVATION_RENTAL_SWEEP_MS: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    default: 60_000,
    description:
      'milliseconds between sweeps that mark no-shows and detect cars returned home after their period, 100-3600000',
  }),
});
export type ReservationConfig = Static<typeof ReservationConfigSchema>;
