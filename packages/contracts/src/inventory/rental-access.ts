import Type, { type Static } from 'typebox';
import { RENTER_VEHICLE_COMMANDS } from './vehicle-commands';

/**
 * A renter's access to the car of one reservation (inventory's `rental-access` module): a Tesla
 * driver invitation created a lead before pickup, revoked (and the renter removed as a driver) at
 * return, cancellation, no-show or the end of the rental plus a grace; Speed Limit Mode on during
 * the rental. One row per reservation, driven by reservation events and a worker that retries.
 *
 * - `scheduled`: the invitation is due at `inviteDueAt`.
 * - `driver_limit`: the car already has five drivers; an operator was alerted; retried.
 * - `invited`: the share link was created and sent to the renter.
 * - `moving`: the booking moved to another car after the invitation: the old car's invitation is
 *   revoked (and the renter removed as its driver) before the new car's is made (back to `scheduled`).
 * - `revoking`: the access must end (why: `endReason`); retried until Tesla agrees.
 * - `revoked`: the invitation is revoked and the renter is no longer a driver.
 * - `closed`: ended before any invitation was made (nothing to revoke).
 */
export const RENTAL_ACCESS_STATES = [
  'scheduled',
  'driver_limit',
  'invited',
  'moving',
  'revoking',
  'revoked',
  'closed',
] as const;
export type RentalAccessState = (typeof RENTAL_ACCESS_STATES)[number];

export const RENTAL_ACCESS_END_REASONS = ['returned', 'cancelled', 'no_show', 'ended', 'operator'] as const;
export type RentalAccessEndReason = (typeof RENTAL_ACCESS_END_REASONS)[number];

/** Speed Limit Mode during the rental: set when the rental starts, cleared when it ends. */
export const SPEED_LIMIT_STATES = ['off', 'activating', 'on', 'deactivating'] as const;
export type SpeedLimitState = (typeof SPEED_LIMIT_STATES)[number];

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

/** One reservation's access, as an operator sees it. */
export const RentalAccess = Type.Object({
  reservationId: Type.String({ format: 'uuid' }),
  vehicleId: Type.String({ format: 'uuid' }),
  vehicleName: Type.String(),
  customerId: Type.String({ format: 'uuid' }),
  from: DateTime,
  to: DateTime,
  state: Type.Enum(RENTAL_ACCESS_STATES),
  /** While `moving`: the car the booking moved to (`vehicleName` is the invited one, being revoked). */
  movingToVehicleName: Type.Union([Type.String(), Type.Null()]),
  endReason: Type.Union([Type.Enum(RENTAL_ACCESS_END_REASONS), Type.Null()]),
  pickedUp: Type.Boolean(),
  inviteDueAt: DateTime,
  invitedAt: NullableDateTime,
  invitationExpiresAt: NullableDateTime,
  revokeDueAt: NullableDateTime,
  revokedAt: NullableDateTime,
  speedLimit: Type.Enum(SPEED_LIMIT_STATES),
  attempts: Type.Integer({ minimum: 0, description: 'failed attempts at the current step' }),
  nextAttemptAt: NullableDateTime,
  lastError: Type.Union([Type.String(), Type.Null()]),
  updatedAt: DateTime,
});
export type RentalAccess = Static<typeof RentalAccess>;

export const RentalAccessList = Type.Object({ items: Type.Array(RentalAccess) });
export type RentalAccessList = Static<typeof RentalAccessList>;

export const RentalAccessQuery = Type.Object({
  reservationId: Type.Optional(Type.String({ format: 'uuid' })),
  vehicleId: Type.Optional(Type.String({ format: 'uuid' })),
  /** Only accesses not yet ended (scheduled, driver_limit, invited, moving, revoking). */
  open: Type.Optional(Type.Boolean()),
});
export type RentalAccessQuery = Static<typeof RentalAccessQuery>;

export const RentalParams = Type.Object({ reservationId: Type.String({ format: 'uuid' }) });
export type RentalParams = Static<typeof RentalParams>;

/** The renter's view of their car access: the share link while it is theirs, and the command window. */
export const RenterAccess = Type.Object({
  reservationId: Type.String({ format: 'uuid' }),
  vehicleName: Type.String(),
  state: Type.Enum(RENTAL_ACCESS_STATES),
  inviteDueAt: DateTime,
  /** Tesla's share link (single use, valid 24 h), only while the invitation stands. */
  shareLink: Type.Union([Type.String(), Type.Null()]),
  invitationExpiresAt: NullableDateTime,
  /** The car answers the renter's commands from `opensAt` until `closesAt` (or return). */
  opensAt: DateTime,
  closesAt: DateTime,
  commandsOpen: Type.Boolean(),
  commands: Type.Array(Type.Enum(RENTER_VEHICLE_COMMANDS)),
  speedLimit: Type.Enum(SPEED_LIMIT_STATES),
});
export type RenterAccess = Static<typeof RenterAccess>;

export const RenterCommandRequest = Type.Object({ command: Type.Enum(RENTER_VEHICLE_COMMANDS) });
export type RenterCommandRequest = Static<typeof RenterCommandRequest>;

export const RenterCommandResult = Type.Object({
  command: Type.Enum(RENTER_VEHICLE_COMMANDS),
  result: Type.Enum(['ok', 'refused', 'failed']),
  reason: Type.Union([Type.String(), Type.Null()]),
  woke: Type.Boolean(),
  at: DateTime,
});
export type RenterCommandResult = Static<typeof RenterCommandResult>;

/** The share link, for the notification service when it sends the message (internal only). */
export const RentalShareLink = Type.Object({
  shareLink: Type.Union([Type.String(), Type.Null()]),
  expiresAt: NullableDateTime,
  /** The car the link is a key to (a booking moved to another car gets that car's link). */
  vehicleId: Type.String({ format: 'uuid' }),
});
export type RentalShareLink = Static<typeof RentalShareLink>;

const LatLng = Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
});

/** Where a rented car may go: a circle, or a polygon (3 to 200 corners, not closed: the last joins the first). */
export const GeofenceShape = Type.Union([
  Type.Object({
    kind: Type.Literal('radius'),
    center: LatLng,
    radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 5000 }),
  }),
  Type.Object({
    kind: Type.Literal('polygon'),
    points: Type.Array(LatLng, { minItems: 3, maxItems: 200 }),
  }),
]);
export type GeofenceShape = Static<typeof GeofenceShape>;

export const GEOFENCE_SCOPES = ['location', 'vehicle'] as const;
export type GeofenceScope = (typeof GEOFENCE_SCOPES)[number];

export const GeofenceParams = Type.Object({
  scope: Type.Enum(GEOFENCE_SCOPES),
  id: Type.String({ format: 'uuid' }),
});
export type GeofenceParams = Static<typeof GeofenceParams>;

export const Geofence = Type.Object({
  scope: Type.Enum(GEOFENCE_SCOPES),
  /** The location's or the vehicle's id. A vehicle's own fence wins over its home location's. */
  id: Type.String({ format: 'uuid' }),
  shape: GeofenceShape,
  updatedAt: DateTime,
});
export type Geofence = Static<typeof Geofence>;

export const GeofenceList = Type.Object({ items: Type.Array(Geofence) });
export type GeofenceList = Static<typeof GeofenceList>;

export const GeofenceBody = Type.Object({ shape: GeofenceShape });
export type GeofenceBody = Static<typeof GeofenceBody>;
