import type { Activity, Connectivity } from '../../tables';

/**
 * When to spend a billable Fleet API call. Rules (DESIGN.md "Cost-aware vehicle tracking"):
 * never wake a car to read it; read online/asleep from the vehicle list (one call per account,
 * never wakes); call vehicle_data only for online cars that do not stream, faster while driving or
 * charging, and stop for a while once a car has idled so it can fall asleep (as TeslaMate does).
 */
export interface SyncPolicy {
  drivingMs: number;
  chargingMs: number;
  parkedMs: number;
  /** Parked this long → stop polling so the car can sleep… */
  idleBeforeSleepMs: number;
  /** …for this long; then one look every `sleepWindowMs` while it stays awake. */
  sleepWindowMs: number;
  /** A streaming car silent this long (while online) gets one fallback poll per this interval. */
  streamSilenceMs: number;
  listActiveMs: number;
  listQuietMs: number;
}

export const DEFAULT_SYNC_POLICY: SyncPolicy = {
  drivingMs: 60_000,
  chargingMs: 5 * 60_000,
  parkedMs: 3 * 60_000,
  idleBeforeSleepMs: 10 * 60_000,
  sleepWindowMs: 30 * 60_000,
  streamSilenceMs: 30 * 60_000,
  listActiveMs: 5 * 60_000,
  listQuietMs: 15 * 60_000,
};

export interface VehicleSyncView {
  connectivity: Connectivity;
  activity: Activity;
  activitySince: Date | null;
  lastPolledAt: Date | null;
  streaming: boolean;
  dataAsOf: Date | null;
}

export type PollDecision = { poll: true; reason: string } | { poll: false; reason: string };

export function shouldPollVehicleData(
  v: VehicleSyncView,
  now: Date,
  p: SyncPolicy = DEFAULT_SYNC_POLICY,
): PollDecision {
  if (v.connectivity !== 'online')
    return { poll: false, reason: `${v.connectivity}: never woken to be read` };
  const t = now.getTime();
  const sincePoll = v.lastPolledAt ? t - v.lastPolledAt.getTime() : Infinity;
  // One full read per car, ever, even if it streams: telemetry sends changes, not a snapshot.
  if (v.lastPolledAt === null) return { poll: true, reason: 'first read of an online car' };
  if (v.streaming) {
    const silence = v.dataAsOf ? t - v.dataAsOf.getTime() : Infinity;
    if (silence < p.streamSilenceMs) return { poll: false, reason: 'streaming' };
    return sincePoll >= p.streamSilenceMs
      ? { poll: true, reason: 'stream silent: fallback read' }
      : { poll: false, reason: 'stream silent, fallback read done recently' };
  }
  if (v.activity === 'driving') return due(sincePoll, p.drivingMs, 'driving');
  if (v.activity === 'charging') return due(sincePoll, p.chargingMs, 'charging');
  const idle = v.activitySince ? t - v.activitySince.getTime() : 0;
  if (idle < p.idleBeforeSleepMs) return due(sincePoll, p.parkedMs, 'parked');
  return due(sincePoll, p.sleepWindowMs, 'idle: letting it sleep');
}

const due = (sinceMs: number, everyMs: number, why: string): PollDecision =>
  sinceMs >= everyMs ? { poll: true, reason: why } : { poll: false, reason: `${why}: not due` };

/**
 * The account's vehicle list is the cheap, non-waking source of online/asleep. An account with no
 * cars has nothing to watch: the quiet rate still picks up a car added to it.
 */
export function listIntervalMs(vehicles: VehicleSyncView[], p: SyncPolicy = DEFAULT_SYNC_POLICY): number {
  const needsWatching = vehicles.some((v) => v.connectivity === 'online' && !v.streaming);
  return needsWatching ? p.listActiveMs : p.listQuietMs;
}
