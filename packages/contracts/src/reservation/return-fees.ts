import Type, { type Static } from 'typebox';

/**
 * What a return may charge, as a version of the terms states it; amounts in minor units of the
 * rental's currency. A version without them (version 1) charges nothing at return.
 */
export const ReturnFees = Type.Object(
  {
    includedKmPerDay: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'km included per rental day',
    }),
    perKmFeeMinor: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'per whole km over the allowance',
    }),
    chargeFeePerPercentMinor: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'per percentage point of charge below the level at pickup',
    }),
    lateGraceMinutes: Type.Integer({
      minimum: 0,
      maximum: 10_080,
      description: 'minutes after the end a return is still on time',
    }),
    lateFeePerHourMinor: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'per started hour after the end, once the grace is past',
    }),
  },
  { additionalProperties: false },
);
export type ReturnFees = Static<typeof ReturnFees>;
