import Type, { type Static } from 'typebox';
import { FreeText } from '../text';
import { VehicleModel } from './vehicles';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({
  format: 'date-time',
  description: 'an ISO 8601 date-time with a time zone, e.g. 2026-05-01T09:00:00Z',
});
const Id = Type.String({ format: 'uuid' });

export const ClaimKind = Type.Enum(['hold', 'booking', 'maintenance'], {
  description: 'hold = placed by a customer and expiring unless confirmed; booking = a confirmed hold',
});
export type ClaimKind = Static<typeof ClaimKind>;

export const ClaimStatus = Type.Enum(['active', 'released', 'expired'], {
  description: 'only active claims occupy the vehicle; a hold past its expiry reads as expired',
});
export type ClaimStatus = Static<typeof ClaimStatus>;

/** One entry of a vehicle's calendar, on the half-open period [from, to). */
export const Claim = Type.Object({
  id: Id,
  vehicleId: Id,
  kind: ClaimKind,
  status: ClaimStatus,
  from: DateTime,
  to: DateTime,
  expiresAt: Nullable(DateTime),
  reference: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Claim = Static<typeof Claim>;

export const ClaimList = Type.Object({ items: Type.Array(Claim) });
export type ClaimList = Static<typeof ClaimList>;

export const ClaimIdParams = Type.Object({ id: Id });

/** Up to 500 claims by id, for a service reconciling its records with the calendar. */
export const ClaimLookupBody = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type ClaimLookupBody = Static<typeof ClaimLookupBody>;

/** A page of the active holds and bookings that carry a reference, by id after `after`. */
export const ReferencedClaimsQuery = Type.Object(
  {
    after: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'page size, default 500' })),
  },
  { additionalProperties: false },
);
export type ReferencedClaimsQuery = Static<typeof ReferencedClaimsQuery>;

export const PlaceHoldBody = Type.Object(
  {
    from: DateTime,
    to: DateTime,
    reference: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'the id the caller knows this hold by (e.g. the reservation id); repeating it returns the same hold',
      }),
    ),
    ttlSeconds: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 3600, description: 'seconds until the hold expires, 10-3600' }),
    ),
  },
  { additionalProperties: false },
);
export type PlaceHoldBody = Static<typeof PlaceHoldBody>;

export const MaintenanceBody = Type.Object(
  {
    from: DateTime,
    to: DateTime,
    note: Type.Optional(FreeText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type MaintenanceBody = Static<typeof MaintenanceBody>;

export const ClaimsQuery = Type.Object({
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
});
export type ClaimsQuery = Static<typeof ClaimsQuery>;

export const AvailabilityQuery = Type.Object({
  from: DateTime,
  to: DateTime,
  model: Type.Optional(VehicleModel),
  near: Type.Optional(
    Type.String({
      pattern: '^-?\\d{1,2}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?$',
      description: 'a point as latitude,longitude in decimal degrees, e.g. 37.7749,-122.4194',
    }),
  ),
  radiusMi: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
  minRangeKm: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 2000,
      description:
        'only cars projected to have at least this rated range (km) at `from` (cars with no projection are left out)',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
  timeZone: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        "the customer's IANA time zone, e.g. America/Chicago: each car's price counts rental days in it (default: the reservation service's RESERVATION_DEFAULT_TIME_ZONE)",
    }),
  ),
});
export type AvailabilityQuery = Static<typeof AvailabilityQuery>;

/** What an availability list shows of a vehicle's live state: charge, range, the area it is in. */
export const AvailableLive = Type.Object({
  connectivity: Type.Enum(['online', 'asleep', 'offline', 'unknown']),
  batteryLevel: Nullable(Type.Number()),
  rangeMi: Nullable(Type.Number()),
  latitude: Nullable(
    Type.Number({ description: "the centre of the car's 0.02° area (about 2 km), never its position" }),
  ),
  longitude: Nullable(
    Type.Number({ description: "the centre of the car's 0.02° area (about 2 km), never its position" }),
  ),
  dataAsOf: Nullable(DateTime),
});
export type AvailableLive = Static<typeof AvailableLive>;

const Minor = (description: string) =>
  Type.Integer({ minimum: 0, description: `${description}, in minor units (cents)` });

/** What renting a car for the searched period costs: the reservation service's quote, in short. */
export const AvailablePrice = Type.Object({
  days: Type.Integer({ minimum: 1, description: "rental days, counted in the query's time zone" }),
  dailyRateMinor: Minor('the daily rate'),
  subtotalMinor: Minor('days × daily rate'),
  depositMinor: Minor('the refundable deposit taken at pickup'),
  totalDueMinor: Minor('subtotal + deposit'),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'an ISO 4217 currency code, e.g. USD' }),
});
export type AvailablePrice = Static<typeof AvailablePrice>;

/** What the car is expected to have at the searched start: the charge the app gets it to by then. */
export const AtPickup = Type.Object({
  chargePercent: Type.Number({
    minimum: 0,
    maximum: 100,
    description: 'projected state of charge at `from`, %',
  }),
  rangeKm: Type.Number({ minimum: 0, description: 'projected rated range at `from`, km' }),
});
export type AtPickup = Static<typeof AtPickup>;

export const AvailableVehicle = Type.Object({
  id: Id,
  model: VehicleModel,
  displayName: Type.String(),
  color: Nullable(Type.String()),
  trim: Nullable(Type.String()),
  modelYear: Nullable(Type.Integer()),
  live: Nullable(AvailableLive),
  distanceMi: Nullable(
    Type.Number({
      description: "whole miles from `near` to the car's area; null without `near` or without a position",
    }),
  ),
  price: Nullable(
    Type.Object(AvailablePrice.properties, {
      description: 'the price of the searched period; null when the model has no rate (or `priced` is false)',
    }),
  ),
  atPickup: Type.Optional(
    Nullable(
      Type.Object(AtPickup.properties, {
        description:
          "the charge and range projected at `from` (from live charge state and rate, and the app's charging before pickup), not today's; null when unknown",
      }),
    ),
  ),
});
export type AvailableVehicle = Static<typeof AvailableVehicle>;

export const Availability = Type.Object({
  from: DateTime,
  to: DateTime,
  items: Type.Array(AvailableVehicle),
  nextOffset: Nullable(Type.Integer({ description: 'the offset of the next page, null on the last' })),
  priced: Type.Boolean({
    description:
      'false when the reservation service could not price the period just now (every price is then null); the cars are free all the same',
  }),
});
export type Availability = Static<typeof Availability>;

/** A month of days, for a calendar that shows which days have a car free. */
export const AvailabilityDaysQuery = Type.Object(
  {
    month: Type.String({
      pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
      description: 'the month as YYYY-MM, e.g. 2026-12',
    }),
    timeZone: Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        "the customer's IANA time zone, e.g. America/Chicago: a day runs from midnight to midnight in it",
    }),
    model: Type.Optional(VehicleModel),
  },
  { additionalProperties: false },
);
export type AvailabilityDaysQuery = Static<typeof AvailabilityDaysQuery>;

export const AvailabilityDay = Type.Object({
  date: Type.String({ format: 'date', description: 'the local date, YYYY-MM-DD' }),
  free: Type.Integer({
    minimum: 0,
    description: 'vehicles in service (of the model) with no hold, booking or maintenance in any of the day',
  }),
  total: Type.Integer({ minimum: 0, description: 'vehicles in service (of the model)' }),
});
export type AvailabilityDay = Static<typeof AvailabilityDay>;

export const AvailabilityDays = Type.Object({
  month: Type.String(),
  timeZone: Type.String(),
  days: Type.Array(AvailabilityDay, { description: 'every day of the month, in order' }),
});
export type AvailabilityDays = Static<typeof AvailabilityDays>;
