import Type, { type Static } from 'typebox';
import { VehicleReadings } from '../inventory/readings';
import { FreeText } from '../text';
import { LIFECYCLE_ACTORS, RESERVATION_STATUSES } from './constants';
import { ReturnCharge } from './events';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

export const RentalHandover = Type.Object({
  at: DateTime,
  by: Type.Enum(LIFECYCLE_ACTORS),
  readings: VehicleReadings,
});
export type RentalHandover = Static<typeof RentalHandover>;

export const Dispute = Type.Object({
  id: Uuid,
  reservationId: Uuid,
  customerId: Uuid,
  vehicleName: Type.String(),
  message: Type.String(),
  createdAt: DateTime,
});
export type Dispute = Static<typeof Dispute>;

/** A reservation's rental: pickup and return readings, the charges at return and any disputes. */
export const Rental = Type.Object({
  reservationId: Uuid,
  status: Type.Enum(RESERVATION_STATUSES),
  termsVersion: Type.Integer({ minimum: 1 }),
  pickup: Type.Union([RentalHandover, Type.Null()]),
  return: Type.Union([
    Type.Object({
      at: DateTime,
      by: Type.Enum(LIFECYCLE_ACTORS),
      readings: VehicleReadings,
      charges: Type.Array(ReturnCharge),
      totalMinor: Type.Integer({ minimum: 0 }),
      currency: Type.String(),
    }),
    Type.Null(),
  ]),
  noShowAt: Type.Union([DateTime, Type.Null()]),
  disputes: Type.Array(Dispute),
});
export type Rental = Static<typeof Rental>;

export const DisputeBody = Type.Object(
  { message: FreeText({ minLength: 1, maxLength: 2_000 }) },
  { additionalProperties: false },
);
export type DisputeBody = Static<typeof DisputeBody>;

export const DisputeList = Type.Object({ items: Type.Array(Dispute) });
export type DisputeList = Static<typeof DisputeList>;
