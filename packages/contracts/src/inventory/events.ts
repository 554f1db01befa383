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
} as const;
