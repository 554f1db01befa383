import type { BillingSnapshot } from './billing';
import type { FaultSpec } from './faults';
import type { CarType } from './fleet/catalog';
import type { Activity, ChargingState, Region } from './fleet/vehicle-model';
import type { RateLimits } from './rate-limits';
import type { TelemetryRecord } from './telemetry';

export interface TeslaSimOptions {
  /** 0 = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of the fleet, the routines and every other random choice (default 1). */
  seed?: number;
  /** `manual`: time moves only through `clock.advance` (default `real`). */
  clock?: 'real' | 'manual';
  /** Simulated seconds per real second with the real clock (default 1). */
  speed?: number;
  /** Cars on the demo account (default 8: every model at least once). */
  fleetSize?: number;
  /** The URL clients should use, when it differs from the listening address (a proxy, a container). */
  publicUrl?: string;
  accessTokenTtlSeconds?: number;
  /** false (default) or pino options. */
  logger?: false | object;
  /** Where the simulated clock starts (default: now). */
  startAt?: Date;
  /** Cars follow their daily routine of trips and night charging (default true). */
  routine?: boolean;
  /** Redirect URIs allowed besides http://127.0.0.1:* and http://localhost:*. */
  redirectUris?: string[];
  clientId?: string;
  clientSecret?: string;
  /**
   * Keep the port, signing keys, grants and tokens in this file, so a restarted simulator still
   * honours the tokens it issued (the embedded app keeps it under DATA_DIR). Unset = memory only.
   */
  statePath?: string;
  /** Answer 412 until a partner domain is registered in the region called (default false). */
  requirePartnerRegistration?: boolean;
  /** Per-device per-minute limits answered with 429 (default: none; Tesla's figures are unconfirmed). */
  rateLimits?: RateLimits;
  /** Serve the sim's own control API at /sim (default true). */
  controlApi?: boolean;
  /**
   * Which cars have the app's virtual key (default 'paired': every car, as most tests want).
   * 'mixed' is the demo's fleet: some cars wait for the owner to pair the key, one runs firmware
   * too old to stream (see fleet/virtual-keys.ts).
   */
  virtualKeys?: 'paired' | 'mixed';
}

export interface SimVehicleSnapshot {
  vin: string;
  id: number;
  model: CarType;
  displayName: string;
  state: 'online' | 'asleep' | 'offline';
  lat: number;
  lon: number;
  heading: number;
  speedMph: number;
  batteryLevel: number;
  rangeMi: number;
  chargingState: ChargingState;
  chargeLimitSoc: number;
  pluggedIn: boolean;
  locked: boolean;
  sentry: boolean;
  odometerMi: number;
  softwareVersion: string;
  activity: Activity;
  streaming: boolean;
  /** The app's virtual key is paired with the car. */
  keyPaired: boolean;
  /** Tesla would answer this reason when asked to configure telemetry, or null. */
  telemetrySkip: 'missing_key' | 'unsupported_firmware' | 'max_configs' | null;
  /** Speed Limit Mode: on or off, the top speed, whether a PIN is set. */
  speedLimit: { active: boolean; limitMph: number; pinSet: boolean };
  climateOn: boolean;
  insideTempC: number;
  outsideTempC: number;
  /** How many people the car is shared with (at most five). */
  drivers: number;
}

export interface SimAccountInfo {
  email: string;
  password: string;
  region: Region;
  name: string;
}

export interface TeslaSim {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** `${url}/fleet/<region>`: one server, regions as path prefixes. */
  regionBaseUrl(r: Region): string;
  oauth: {
    clientId: string;
    clientSecret: string;
    authorizeUrl: string;
    tokenUrl: string;
    audience: string;
    /** Per region: the token endpoint that issues that region's audience (China's is its own). */
    tokenUrls: Record<Region, string>;
    /** Stands in for tesla-http-proxy + Fleet API: telemetry configs are accepted only here. */
    proxyUrl: string;
    /** Stands in for https://tesla.com/_ak: `${pairingBaseUrl}/<domain>` is the pairing page. */
    pairingBaseUrl: string;
  };
  accounts: ReadonlyArray<SimAccountInfo>;
  /** Tokens without the browser sign-in (test shortcut). `refreshToken` is '' without offline_access. */
  issueTokens(o?: {
    email?: string;
    scopes?: string[];
    accessTokenTtlSeconds?: number;
  }): Promise<{ accessToken: string; refreshToken: string; expiresIn: number }>;
  /** Every token of the account now answers 401; its refresh tokens invalid_grant. */
  revokeConsent(email?: string): void;
  vehicles(email?: string): SimVehicleSnapshot[];
  clock: { now(): Date; advance(ms: number): void };
  faults: { inject(f: FaultSpec): void; clear(): void };
  billing: { snapshot(): BillingSnapshot; reset(): void };
  /** wake_up calls that actually started waking an asleep car. */
  wakesCaused(): number;
  telemetry: { onRecord(cb: (r: TelemetryRecord) => void): () => void };
  control: {
    drive(vin: string, minutes: number): void;
    park(vin: string): void;
    plugIn(vin: string): void;
    setStreaming(vin: string, on: boolean): void;
    /** The owner pairs (or removes) the app's virtual key, as the pairing page does. */
    pairKey(vin: string, paired?: boolean): void;
    /** A software update (or a downgrade, for tests). */
    setFirmware(vin: string, version: string): void;
    /** Other apps' telemetry configurations on the car (reaching the limit → max_configs). */
    setOtherTelemetryConfigs(vin: string, count: number): void;
    /** The car reports a telemetry connection error (`fleet_telemetry_errors`). */
    reportTelemetryError(vin: string, error: string): void;
    /**
     * The invitee accepts a share link in the Tesla app and becomes a driver; refused when the link
     * is unknown, used, revoked or expired, or the car has five drivers.
     */
    acceptInvitation(
      shareLink: string,
      name?: string,
    ):
      | { ok: true; driver: { shareUserId: string } }
      | { ok: false; reason: 'unknown' | 'used' | 'revoked' | 'expired' | 'max_drivers' };
    /** Sets the state of charge (%). */
    setBatteryLevel(vin: string, percent: number): void;
    /** Sets the outside temperature the cabin drifts toward (°C). */
    setOutsideTemp(vin: string, celsius: number): void;
  };
  close(): Promise<void>;
}
