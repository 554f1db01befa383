import Type, { type Static } from 'typebox';
import { defineEvent } from '../event-catalog';
import { VehicleModel } from './vehicles';

/** Why a `status_changed` event was emitted (one event may carry several). */
export const VEHICLE_STATUS_REASONS = [
  'connectivity',
  'battery',
  'telemetry_lost',
  'telemetry_resumed',
] as const;
export type VehicleStatusReason = (typeof VEHICLE_STATUS_REASONS)[number];

/**
 * `inventory.vehicle.status_changed` v1: something an operator may need to act on changed —
 * connectivity (online/asleep/offline), the battery crossed a 10-point band, or a streaming
 * vehicle went silent (telemetry lost) or came back. Key = vehicleId. Not emitted per reading.
 */
export const VehicleStatusChangedV1 = Type.Object({
  vehicleId: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  name: Type.String(),
  model: VehicleModel,
  connectivity: Type.Enum(['online', 'asleep', 'offline', 'unknown']),
  streaming: Type.Boolean(),
  batteryLevel: Type.Union([Type.Integer(), Type.Null()]),
  rangeMi: Type.Union([Type.Number(), Type.Null()]),
  /** When the vehicle was last heard from (any source), if ever. */
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reasons: Type.Array(Type.Enum(VEHICLE_STATUS_REASONS), { minItems: 1 }),
  at: Type.String({ format: 'date-time' }),
});
export type VehicleStatusChangedV1 = Static<typeof VehicleStatusChangedV1>;

/**
 * `inventory.rental_access.invited` v1: a Tesla driver invitation for the car of a reservation was
 * created; the renter gets its share link by their channels. The event holds no link (topics are read
 * by many): the notification service asks inventory for it when it sends. Key = reservationId.
 */
export const RentalAccessInvitedV1 = Type.Object({
  reservationId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  vehicleId: Type.String({ format: 'uuid' }),
  vehicleName: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: "when Tesla's share link stops working" }),
});
export type RentalAccessInvitedV1 = Static<typeof RentalAccessInvitedV1>;

export const RENTAL_ALERT_REASONS = ['driver_limit', 'geofence_exit'] as const;
export type RentalAlertReason = (typeof RENTAL_ALERT_REASONS)[number];

/**
 * `inventory.rental_access.alert` v1: an operator must act on a rented car — it already has Tesla's
 * five drivers (the renter cannot be invited), or it left its geofence. Key = vehicleId.
 */
export const RentalAccessAlertV1 = Type.Object({
  reservationId: Type.String({ format: 'uuid' }),
  vehicleId: Type.String({ format: 'uuid' }),
  vehicleName: Type.String(),
  reason: Type.Enum(RENTAL_ALERT_REASONS),
  detail: Type.String(),
  at: Type.String({ format: 'date-time' }),
});
export type RentalAccessAlertV1 = Static<typeof RentalAccessAlertV1>;

/**
 * `inventory.vehicle.pickup_charge_at_risk` v1: a booked car is projected to miss its charge target
 * at pickup (unplugged, or charging too slowly), raised early enough for an operator to plug it in
 * or swap cars. Once per booking. Key = vehicleId.
 */
export const PickupChargeAtRiskV1 = Type.Object({
  vehicleId: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  name: Type.String(),
  /** The booking's reference (the reservation id), when it has one. */
  reservationId: Type.Union([Type.String(), Type.Null()]),
  pickupAt: Type.String({ format: 'date-time' }),
  batteryLevel: Type.Union([Type.Number(), Type.Null()]),
  projectedPercent: Type.Union([Type.Number(), Type.Null()]),
  targetPercent: Type.Integer(),
  pluggedIn: Type.Boolean(),
  at: Type.String({ format: 'date-time' }),
});
export type PickupChargeAtRiskV1 = Static<typeof PickupChargeAtRiskV1>;

/**
 * The inventory service's events, keyed by vehicle id. Adding an event: its payload schema above and
 * its line here; the registry, the typed outbox, the consumers' validation and docs/EVENTS.md follow.
 */
export const InventoryEvents = {
  vehicleStatusChanged: defineEvent({
    type: 'inventory.vehicle.status_changed',
    version: 1,
    schema: VehicleStatusChangedV1,
    key: 'vehicleId',
    description:
      'Connectivity changed, the battery crossed a 10-point band, or a streaming vehicle went silent or came back (not per reading).',
  }),
  pickupChargeAtRisk: defineEvent({
    type: 'inventory.vehicle.pickup_charge_at_risk',
    version: 1,
    schema: PickupChargeAtRiskV1,
    key: 'vehicleId',
    description:
      'A booked car is projected to miss its charge target at pickup (unplugged or charging too slowly): an operator should plug it in or swap cars. Once per booking.',
  }),
  rentalAccessInvited: defineEvent({
    type: 'inventory.rental_access.invited',
    version: 1,
    schema: RentalAccessInvitedV1,
    key: 'reservationId',
    description:
      "A Tesla driver invitation for the rental's car was created; the renter is sent its share link (fetched from inventory at send time).",
  }),
  rentalAccessAlert: defineEvent({
    type: 'inventory.rental_access.alert',
    version: 1,
    schema: RentalAccessAlertV1,
    key: 'vehicleId',
    description:
      'An operator must act on a rented car: it already has five drivers (the renter cannot be invited), or it left its geofence.',
  }),
} as const;
