import Type, { type Static, type TSchema } from 'typebox';
import { FreeText, Name } from '../text';
import { DRIVER_VERIFICATION_STATUSES, LICENCE_PHOTO_KINDS } from './constants';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const CalendarDate = Type.String({ format: 'date', description: 'a date, YYYY-MM-DD' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const LicencePhotoKindSchema = Type.Enum(LICENCE_PHOTO_KINDS, {
  description: 'front or back of the licence, or a selfie',
});
export const LicencePhotoParams = Type.Object({ kind: LicencePhotoKindSchema });
export const CustomerLicencePhotoParams = Type.Object({ id: Uuid, kind: LicencePhotoKindSchema });

/** What a renter types from their driver's licence; the photos are uploaded one by one before. */
export const SubmitDriverVerificationBody = Type.Object(
  {
    licenceNumber: Type.String({
      minLength: 4,
      maxLength: 32,
      pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9]$',
      'x-trim': true,
      description: 'the licence number as printed: letters, digits, spaces and hyphens',
    }),
    country: Type.String({
      pattern: '^[A-Z]{2}$',
      description: 'the ISO 3166 country that issued it, e.g. US',
    }),
    region: Type.Optional(
      Name({
        maxLength: 64,
        description: 'the state or region that issued it, e.g. TX (where licences are issued by region)',
      }),
    ),
    expiresOn: CalendarDate,
    dateOfBirth: CalendarDate,
  },
  { additionalProperties: false },
);
export type SubmitDriverVerificationBody = Static<typeof SubmitDriverVerificationBody>;

const Photos = Type.Object(
  { front: Type.Boolean(), back: Type.Boolean(), selfie: Type.Boolean() },
  { description: 'which photos have been uploaded' },
);

/**
 * A driver verification. The renter sees their own with the licence number masked to its last
 * four characters; operators see it whole, with the customer.
 */
export const DriverVerification = Type.Object({
  userId: Uuid,
  status: Type.Enum(DRIVER_VERIFICATION_STATUSES),
  licenceNumber: Nullable(Type.String()),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  expiresOn: Nullable(CalendarDate),
  dateOfBirth: Nullable(CalendarDate),
  photos: Photos,
  submittedAt: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
  decisionReason: Nullable(Type.String({ description: 'why it was rejected (shown to the renter)' })),
  customer: Type.Optional(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      phone: Type.String(),
      email: Nullable(Type.String()),
    }),
  ),
});
export type DriverVerification = Static<typeof DriverVerification>;

export const DriverVerificationList = Type.Object({ items: Type.Array(DriverVerification) });
export type DriverVerificationList = Static<typeof DriverVerificationList>;

export const DriverVerificationListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Enum(DRIVER_VERIFICATION_STATUSES, { description: 'only verifications in this state' }),
    ),
  },
  { additionalProperties: false },
);
export type DriverVerificationListQuery = Static<typeof DriverVerificationListQuery>;

export const DriverVerificationDecisionBody = Type.Union(
  [
    Type.Object({ decision: Type.Literal('approve') }, { additionalProperties: false }),
    Type.Object(
      {
        decision: Type.Literal('reject'),
        reason: FreeText({ maxLength: 500, description: 'why, in words the renter will read' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'approve, or reject with a reason the renter is told' },
);
export type DriverVerificationDecisionBody = Static<typeof DriverVerificationDecisionBody>;

/** What the reservation service asks before a confirmation (internal; x-internal-token). */
export const DriverEligibility = Type.Object({
  userId: Uuid,
  status: Type.Enum(DRIVER_VERIFICATION_STATUSES),
  expiresOn: Nullable(CalendarDate),
  dateOfBirth: Nullable(CalendarDate),
});
export type DriverEligibility = Static<typeof DriverEligibility>;
