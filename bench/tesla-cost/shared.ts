import type { BillingCounts } from '@cybertacotruck/tesla';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** What both runs share, so their simulators hold the same fleet living the same week. */
export interface SimSetup {
  seed: number;
  fleetSize: number;
  startAt: Date;
}

export interface RunResult {
  name: string;
  vehicles: number;
  /** Simulated time actually measured. */
  simulatedMs: number;
  /** Tesla's side of the bill (the simulator's billing meter): the authority. */
  tesla: BillingCounts;
  teslaUsd: number;
  wakesCaused: number;
  /** Vehicle-hours the account's cars spent online (awake), sampled every simulated minute. */
  awakeVehicleHours: number;
  wallMs: number;
  /** The app's own CostMeter (in memory). */
  appMeter: BillingCounts;
  /** The app's persisted usage table, when the run has one. */
  usageTable: BillingCounts | null;
  /**
   * Tesla's bill split by the cars' virtual keys (project run): paired cars that stream, and cars
   * that must be polled (key not paired, firmware too old). Calls for the whole account (the
   * vehicle list, fleet_status for many cars) carry no VIN: `accountLevel`.
   */
  byKey?: { groups: KeyGroup[]; accountLevel: BillingCounts };
  notes: string[];
}

export interface KeyGroup {
  label: string;
  vehicles: number;
  tesla: BillingCounts;
}

export const zeroCounts = (): BillingCounts => ({ data: 0, command: 0, wake: 0, signal: 0 });

export const countsOf = (c: BillingCounts): BillingCounts => ({
  data: c.data,
  command: c.command,
  wake: c.wake,
  signal: c.signal,
});

export const seconds = (ms: number): string => (ms / 1000).toFixed(0);
