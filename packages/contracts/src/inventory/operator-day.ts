import Type, { type Static } from 'typebox';
import type { Claim } from './calendar';
import { VehicleModel } from './vehicles';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({
  format: 'date-time',
  description: 'an ISO 8601 date-time with a time zone, e.g. 2026-05-01T09:00:00Z',
});
const Id = Type.String({ format: 'uuid' });

export const OperatorDayQuery = Type.Object({
  timeZone: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: "the operator's IANA time zone: where today and tomorrow begin (default UTC)",
    }),
  ),
});
export type OperatorDayQuery = Static<typeof OperatorDayQuery>;

/** Whether a car is fit to hand over: charged to the target, online, the app's key on it. */
export const Readiness = Type.Object({
  chargePercent: Nullable(Type.Number({ description: 'the last reported battery level' })),
  targetPercent: Type.Integer({ description: 'the charge a car should have at pickup' }),
  charged: Type.Boolean(),
  online: Type.Boolean({ description: 'the car was reachable (online or asleep) at its last report' }),
  keyPaired: Nullable(Type.Boolean({ description: "the app's virtual key is on the car (null: not known)" })),
  ready: Type.Boolean({ description: 'charged, online and not known to lack the key' }),
});
export type Readiness = Static<typeof Readiness>;

/** A pickup (a booking starting) or a return (one ending) on a day. */
export const DayMovement = Type.Object({
  claimId: Id,
  reservationId: Nullable(Type.String({ description: "the booking's reference: its reservation" })),
  vehicleId: Id,
  vehicleName: Type.String(),
  model: VehicleModel,
  at: DateTime,
  readiness: Readiness,
});
export type DayMovement = Static<typeof DayMovement>;

export const OperatorDayCounts = Type.Object({
  total: Type.Integer(),
  available: Type.Integer({ description: 'in service, reachable, not rented and not in maintenance now' }),
  rented: Type.Integer({ description: 'a booking covers now' }),
  charging: Type.Integer(),
  offline: Type.Integer({ description: 'offline, or never heard from' }),
  lowCharge: Type.Integer({ description: 'battery below lowChargeBelow' }),
  outOfService: Type.Integer(),
  maintenance: Type.Integer({ description: 'a maintenance block covers now' }),
});
export type OperatorDayCounts = Static<typeof OperatorDayCounts>;

export const OperatorDay = Type.Object({
  asOf: DateTime,
  timeZone: Type.String(),
  lowChargeBelow: Type.Integer(),
  counts: OperatorDayCounts,
  days: Type.Array(
    Type.Object({
      date: Type.String({ description: 'YYYY-MM-DD in timeZone' }),
      pickups: Type.Array(DayMovement),
      returns: Type.Array(DayMovement),
    }),
    { description: 'today, then tomorrow' },
  ),
  utilisation: Type.Object({
    days7: Type.Number({ description: 'share of in-service vehicle hours booked over the last 7 days, 0–1' }),
    days30: Type.Number({ description: 'the same over the last 30 days' }),
  }),
});
export type OperatorDay = Static<typeof OperatorDay>;

/** Moving a booking: another period and, optionally, another vehicle. */
export const MoveClaimBody = Type.Object({
  vehicleId: Type.Optional(Id),
  from: DateTime,
  to: DateTime,
});
export type MoveClaimBody = Static<typeof MoveClaimBody>;

/**
 * One server-sent event of `GET /api/v1/live/stream` (`event: vehicle`): a vehicle's status
 * changed. Renters receive only the car they rent, without its VIN.
 */
export const LiveVehicleStatus = Type.Object({
  vehicleId: Id,
  connectivity: Type.Enum(['online', 'asleep', 'offline', 'unknown']),
  batteryLevel: Nullable(Type.Integer()),
  rangeMi: Nullable(Type.Number()),
  lastSeenAt: Nullable(DateTime),
  at: DateTime,
});
export type LiveVehicleStatus = Static<typeof LiveVehicleStatus>;

/** The internal answer inventory's stream asks the reservation service for: what a renter may watch. */
export const RentedVehicles = Type.Object({ vehicleIds: Type.Array(Id) });
export type RentedVehicles = Static<typeof RentedVehicles>;

/**
 * What the reservation service asks of the inventory calendar to move a booking
 * (`POST /api/v1/claims/:id/move`, internal token). Errors arrive as problems: 409
 * vehicle-unavailable / claim-not-active / vehicle-out-of-service, 404 claim-not-found, 400 invalid-period.
 */
export interface CalendarMoves {
  move(claimId: string, body: MoveClaimBody): Promise<Claim>;
}
