import type { SentryState } from '@cybertacotruck/contracts';
import type { Activity, Connectivity } from '../../tables';

/** A vehicle's live state, as the services read it. */
export interface VehicleLiveState {
  vehicleId: string;
  connectivity: Connectivity;
  activity: Activity;
  latitude: number | null;
  longitude: number | null;
  heading: number | null;
  speedMph: number | null;
  batteryLevel: number | null;
  rangeMi: number | null;
  chargingState: string | null;
  chargeLimitSoc: number | null;
  minutesToFull: number | null;
  locked: boolean | null;
  sentryMode: boolean | null;
  sentryState: SentryState | null;
  odometerMi: number | null;
  /** Tyre pressures in bar, each as last reported (null: never). */
  tyrePressureBar: { fl: number | null; fr: number | null; rl: number | null; rr: number | null };
  softwareVersion: string | null;
  streaming: boolean;
  lastSeenAt: Date | null;
  activitySince: Date | null;
  dataAsOf: Date | null;
  lastPolledAt: Date | null;
  lastTelemetryAt: Date | null;
  telemetryLost: boolean;
}

/** One point of a vehicle's position history. */
export interface TrackPoint {
  at: Date;
  latitude: number;
  longitude: number;
  speedMph: number | null;
  heading: number | null;
  batteryLevel: number | null;
}
