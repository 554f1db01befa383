import Type, { type Static, type TSchema } from 'typebox';

import { FreeText, Name } from '../text';
import { LOCATION_INSTRUCTIONS_MAX, WEEKDAYS } from './location-text';

const Id = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const WeekdaySchema = Type.Enum(WEEKDAYS, { description: 'mon … sun' });

/** A local wall-clock time in the location's zone; `24:00` only as a closing time (open until midnight). */
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 00:00-23:59' });
const ClosingClock = Type.String({
  pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
  description: 'HH:MM, 00:01-24:00',
});

export const OpeningInterval = Type.Object(
  { opens: Clock, closes: ClosingClock },
  {
    additionalProperties: false,
    description: 'open from `opens` until `closes`, local time; opens < closes',
  },
);
export type OpeningInterval = Static<typeof OpeningInterval>;

const Day = Type.Array(OpeningInterval, {
  maxItems: 4,
  description: 'the day’s opening intervals in order, not overlapping; [] = closed',
});

/** Every weekday present; a closed day is an empty list. */
export const OpeningHours = Type.Object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, Day])) as Record<(typeof WEEKDAYS)[number], typeof Day>,
  { additionalProperties: false, description: 'opening hours per weekday in the location’s time zone' },
);
export type OpeningHours = Static<typeof OpeningHours>;

const AddressLine = Name({ maxLength: 120 });

export const Address = Type.Object(
  {
    lines: Type.Array(AddressLine, { minItems: 1, maxItems: 3, description: 'street lines, 1-3' }),
    city: Name({ maxLength: 80 }),
    region: Nullable(Name({ maxLength: 80, description: 'state, province or county; null where none' })),
    postalCode: Nullable(
      Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$',
        'x-trim': true,
        description: 'postal code, 2-11 letters, digits, spaces or dashes; null where none',
      }),
    ),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, e.g. US' }),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const Coordinates = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS 84 degrees' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS 84 degrees' }),
  },
  { additionalProperties: false },
);
export type Coordinates = Static<typeof Coordinates>;

const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'the IANA time zone the opening hours are in, e.g. America/Chicago',
});
const Instructions = FreeText({
  maxLength: LOCATION_INSTRUCTIONS_MAX,
  description: `how to find the car and the keys, up to ${LOCATION_INSTRUCTIONS_MAX} characters`,
});
/** What an operator types; the server validates it as the account service does and stores E.164. */
const PhoneInput = Type.String({
  // Any length up to 32: the service tells a too-short number apart from a wrong one, with one message.
  minLength: 1,
  maxLength: 32,
  description: 'the location’s contact phone, such as +1 512 555 0100 (stored as E.164)',
});

/**
 * Where a renter collects and returns a car: what the reservation keeps (a copy taken when the car
 * was held), what its events carry and what the renter is shown.
 */
export const PickupLocation = Type.Object(
  {
    id: Id,
    name: Type.String(),
    address: Address,
    coordinates: Coordinates,
    timeZone: Type.String(),
    openingHours: OpeningHours,
    instructions: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: 'E.164' })),
  },
  { description: 'a pickup location as the renter sees it' },
);
export type PickupLocation = Static<typeof PickupLocation>;

export const Location = Type.Object(
  {
    ...PickupLocation.properties,
    archivedAt: Nullable(DateTime),
    vehicleIds: Type.Array(Id, { description: 'the vehicles whose home this location is' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { description: 'a pickup location of the operator' },
);
export type Location = Static<typeof Location>;

export const CreateLocationBody = Type.Object(
  {
    name: Name({ maxLength: 80 }),
    address: Address,
    coordinates: Coordinates,
    timeZone: TimeZone,
    openingHours: OpeningHours,
    instructions: Type.Optional(Nullable(Instructions)),
    phone: Type.Optional(Nullable(PhoneInput)),
  },
  { additionalProperties: false },
);
export type CreateLocationBody = Static<typeof CreateLocationBody>;

export const UpdateLocationBody = Type.Object(
  {
    name: Type.Optional(Name({ maxLength: 80 })),
    address: Type.Optional(Address),
    coordinates: Type.Optional(Coordinates),
    timeZone: Type.Optional(TimeZone),
    openingHours: Type.Optional(OpeningHours),
    instructions: Type.Optional(Nullable(Instructions)),
    phone: Type.Optional(Nullable(PhoneInput)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLocationBody = Static<typeof UpdateLocationBody>;

export const ListLocationsQuery = Type.Object({
  archived: Type.Optional(
    Type.Boolean({ description: 'operators only: true lists archived locations too (default false)' }),
  ),
});
export type ListLocationsQuery = Static<typeof ListLocationsQuery>;

export const LocationList = Type.Object({ items: Type.Array(Location) });
export type LocationList = Static<typeof LocationList>;

export const LocationIdParams = Type.Object({ id: Id });
