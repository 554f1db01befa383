import Type, { type Static } from 'typebox';
import { Vehicle } from './vehicles';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const TeslaRegion = Type.Enum(['na', 'eu', 'cn']);
/** Sentry mode's state as Fleet Telemetry streams it (SentryModeState), in lower case. */
export const SENTRY_STATES = ['off', 'idle', 'armed', 'aware', 'panic', 'quiet'] as const;
export const SentryState = Type.Enum([...SENTRY_STATES], {
  description: 'off, idle, armed, aware, panic (its alarm is sounding) or quiet',
});
export type SentryState = Static<typeof SentryState>;
export const ConnectionStatus = Type.Enum(['connected', 'needs_reconsent', 'disconnected']);

export const TeslaConnection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  label: Type.String(),
  region: TeslaRegion,
  status: ConnectionStatus,
  statusReason: Nullable(Type.String()),
  scopes: Type.Array(Type.String()),
  vehicleCount: Type.Integer(),
  lastSyncedAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type TeslaConnection = Static<typeof TeslaConnection>;

export const TeslaConnectionList = Type.Object({
  mode: Type.Enum(['tesla', 'simulator'], {
    description:
      "simulator = a Tesla simulator stands in (its own sign-in page offers its demo accounts; this API never carries a Tesla account's credentials)",
  }),
  items: Type.Array(TeslaConnection),
});
export type TeslaConnectionList = Static<typeof TeslaConnectionList>;

export const AuthorizeResponse = Type.Object({
  authorizeUrl: Type.String(),
  mode: Type.Enum(['tesla', 'simulator']),
});
export type AuthorizeResponse = Static<typeof AuthorizeResponse>;

export const TeslaCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 512 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  issuer: Type.Optional(Type.String({ maxLength: 500 })),
  locale: Type.Optional(Type.String({ maxLength: 20 })),
});
export type TeslaCallbackQuery = Static<typeof TeslaCallbackQuery>;

export const ConnectionIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const SyncReport = Type.Object({
  listed: Type.Boolean(),
  polled: Type.Array(Type.String()),
  skipped: Type.Record(Type.String(), Type.String()),
  streaming: Type.Optional(
    Type.Object(
      {
        configured: Type.Array(Type.String()),
        skipped: Type.Record(Type.String(), Type.String(), { description: "VIN → Tesla's skip reason" }),
        error: Type.Optional(Type.String()),
      },
      { description: 'Fleet Telemetry set-up in this pass (absent when the pass did not list the cars)' },
    ),
  ),
  error: Type.Optional(Type.String()),
});
export type SyncReport = Static<typeof SyncReport>;

export const LiveState = Type.Object({
  connectivity: Type.Enum(['online', 'asleep', 'offline', 'unknown']),
  activity: Type.Enum(['driving', 'charging', 'parked', 'unknown']),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  heading: Nullable(Type.Number()),
  speedMph: Nullable(Type.Number()),
  batteryLevel: Nullable(Type.Number()),
  rangeMi: Nullable(Type.Number()),
  chargingState: Nullable(Type.String()),
  chargeLimitSoc: Nullable(Type.Number()),
  minutesToFull: Nullable(Type.Number()),
  locked: Nullable(Type.Boolean()),
  sentryMode: Nullable(Type.Boolean()),
  /** The state behind sentryMode when the car streams it (panic: its alarm is sounding); null = unknown. */
  sentryState: Nullable(SentryState),
  odometerMi: Nullable(Type.Number()),
  softwareVersion: Nullable(Type.String()),
  streaming: Type.Boolean(),
  lastSeenAt: Nullable(DateTime),
  dataAsOf: Nullable(DateTime),
});
export type LiveState = Static<typeof LiveState>;

/**
 * "Read now" offered for a Tesla car that was never read (asleep since it was connected): one wake
 * and one vehicle_data, only when the operator asks.
 */
export const ReadNowOffer = Type.Object(
  {
    estimateUsd: Type.Number({ description: "Tesla's list price of one wake and one vehicle_data" }),
  },
  { description: 'present when the operator can read this car now (it wakes the car)' },
);
export type ReadNowOffer = Static<typeof ReadNowOffer>;

export const LiveVehicle = Type.Object({
  vehicle: Vehicle,
  live: Nullable(LiveState),
  readNow: Type.Optional(ReadNowOffer),
});
export type LiveVehicle = Static<typeof LiveVehicle>;

export const LiveFleet = Type.Object({ items: Type.Array(LiveVehicle), asOf: DateTime });
export type LiveFleet = Static<typeof LiveFleet>;

export const TrackPoint = Type.Object({
  at: DateTime,
  latitude: Type.Number(),
  longitude: Type.Number(),
  speedMph: Nullable(Type.Number()),
  batteryLevel: Nullable(Type.Number()),
});
export type TrackPoint = Static<typeof TrackPoint>;

export const Trip = Type.Object({
  startedAt: DateTime,
  endedAt: DateTime,
  distanceMi: Type.Number(),
  batteryUsed: Nullable(Type.Number({ description: 'percentage points' })),
});
export type Trip = Static<typeof Trip>;

export const VehicleLiveDetail = Type.Object({
  vehicle: Vehicle,
  live: Nullable(LiveState),
  track: Type.Array(TrackPoint),
  trips: Type.Array(Trip, { description: 'newest first, split where the car stood still over 10 minutes' }),
});
export type VehicleLiveDetail = Static<typeof VehicleLiveDetail>;

export const TrackQuery = Type.Object({
  hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30, default: 24 })),
});

const Counts = {
  data: Type.Integer(),
  command: Type.Integer(),
  wake: Type.Integer(),
  signal: Type.Integer(),
  usd: Type.Number({ description: 'estimate from Tesla list prices, before the monthly credit' }),
};

export const UsageQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 7 })),
});

export const UsageReport = Type.Object({
  from: Type.String({ format: 'date' }),
  prices: Type.Object({
    data: Type.Number(),
    command: Type.Number(),
    wake: Type.Number(),
    signal: Type.Number(),
  }),
  rows: Type.Array(
    Type.Object({
      day: Type.String({ format: 'date' }),
      vin: Type.String({ description: 'empty for account-level calls (the vehicle list)' }),
      displayName: Nullable(Type.String()),
      ...Counts,
    }),
  ),
  total: Type.Object(Counts),
});
export type UsageReport = Static<typeof UsageReport>;
