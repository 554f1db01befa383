import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYNC_POLICY as P,
  listIntervalMs,
  shouldPollVehicleData,
  type VehicleSyncView,
} from './sync-policy';
import { merge } from '../live-state/live-state.fold';

const now = new Date('2026-11-25T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const view = (v: Partial<VehicleSyncView>): VehicleSyncView => ({
  connectivity: 'online',
  activity: 'parked',
  activitySince: ago(60_000),
  lastPolledAt: ago(1_000),
  streaming: false,
  dataAsOf: ago(1_000),
  ...v,
});

describe('sync policy', () => {
  it('never reads an asleep or offline car (reading would wake it or fail)', () => {
    for (const connectivity of ['asleep', 'offline', 'unknown'] as const)
      expect(shouldPollVehicleData(view({ connectivity, lastPolledAt: null }), now).poll).toBe(false);
  });

  it('reads every online car once, streaming or not', () => {
    expect(shouldPollVehicleData(view({ lastPolledAt: null, streaming: true }), now).poll).toBe(true);
  });

  it('polls faster while driving than while charging, and charging faster than parked', () => {
    const at = (activity: VehicleSyncView['activity'], sincePoll: number) =>
      shouldPollVehicleData(view({ activity, lastPolledAt: ago(sincePoll) }), now).poll;
    expect(at('driving', P.drivingMs)).toBe(true);
    expect(at('driving', P.drivingMs - 1)).toBe(false);
    expect(at('charging', P.drivingMs)).toBe(false);
    expect(at('charging', P.chargingMs)).toBe(true);
    expect(at('parked', P.parkedMs)).toBe(true);
  });

  it('stops polling a parked car after it idles, so it can fall asleep', () => {
    const idle = view({ activitySince: ago(P.idleBeforeSleepMs + 1), lastPolledAt: ago(P.parkedMs * 2) });
    expect(shouldPollVehicleData(idle, now)).toEqual({
      poll: false,
      reason: 'idle: letting it sleep: not due',
    });
    expect(shouldPollVehicleData({ ...idle, lastPolledAt: ago(P.sleepWindowMs) }, now).poll).toBe(true);
  });

  it('leaves streaming cars to telemetry, with a fallback read only after a long silence', () => {
    const streaming = view({
      streaming: true,
      activity: 'driving',
      lastPolledAt: ago(P.streamSilenceMs * 2),
    });
    expect(shouldPollVehicleData(streaming, now).reason).toBe('streaming');
    expect(shouldPollVehicleData({ ...streaming, dataAsOf: ago(P.streamSilenceMs) }, now).poll).toBe(true);
  });

  it('lists the account less often when every awake car streams', () => {
    expect(listIntervalMs([view({})])).toBe(P.listActiveMs);
    expect(listIntervalMs([view({ streaming: true }), view({ connectivity: 'asleep' })])).toBe(P.listQuietMs);
  });
});

describe('live state merge', () => {
  const id = '00000000-0000-4000-8000-000000000001';

  it('never moves state backwards when an older record arrives late, or twice', () => {
    const fresh = merge(id, undefined, {
      at: ago(0),
      source: 'telemetry',
      batteryLevel: 80,
      odometerMi: 1000,
    });
    const late = merge(id, fresh, {
      at: ago(60_000),
      source: 'telemetry',
      batteryLevel: 82,
      odometerMi: 990,
    });
    expect(late.battery_level).toBe(80);
    expect(late.odometer_mi).toBe(1000);
    const again = merge(id, late, { at: ago(0), source: 'telemetry', batteryLevel: 80, odometerMi: 1000 });
    expect(again).toMatchObject({ battery_level: 80, odometer_mi: 1000, data_as_of: ago(0) });
  });

  it('derives driving and charging, and keeps when the activity began', () => {
    const driving = merge(id, undefined, {
      at: ago(120_000),
      source: 'poll',
      connectivity: 'online',
      speedMph: 30,
    });
    expect(driving.activity).toBe('driving');
    const still = merge(id, driving, { at: ago(60_000), source: 'poll', speedMph: 25 });
    expect(still.activity_since).toEqual(ago(120_000));
    const charging = merge(id, still, {
      at: ago(0),
      source: 'poll',
      speedMph: null,
      gear: null,
      chargingState: 'Charging',
    });
    expect(charging).toMatchObject({ activity: 'charging', activity_since: ago(0), speed_mph: 0 });
  });

  it('treats a vehicle-list answer as connectivity only, not as fresh data', () => {
    const polled = merge(id, undefined, {
      at: ago(60_000),
      source: 'poll',
      connectivity: 'online',
      batteryLevel: 50,
    });
    const listed = merge(id, polled, { at: ago(0), source: 'list', connectivity: 'asleep' });
    expect(listed).toMatchObject({
      connectivity: 'asleep',
      data_as_of: ago(60_000),
      last_polled_at: ago(60_000),
    });
  });
});
