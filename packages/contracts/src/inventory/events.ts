import Type, { type Static } from 'typebox';
import { VehicleModel } from './vehicles';

/** Inventory event types: `<domain>.<entity>.<past-verb>`, each with its current version. */
export const InventoryEvents = {
  vehicleStatusChanged: { type: 'inventory.vehicle.status_changed', version: 1 },
} as const;

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
