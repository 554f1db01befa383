import { describe, expect, it } from 'vitest';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { TeslaAbortedError, type FleetApiClient } from '@cybertacotruck/tesla';
import { fakeTeslaCar } from '../../../testing/tesla';
import type { ConnectionRecord } from '../tesla-connections/connections.repository';
import { VehicleFleet } from './vehicle-fleet';

const car = { id: 'v1', displayName: 'Blue' };
const options = { wakeTimeoutMs: 10_000, pollMs: 1_000 };

describe('VehicleFleet', () => {
  it('spends no wake on a car known online', async () => {
    const { fleet, client, calls } = fakeTeslaCar({ states: [] });
    const result = await fleet.wakeUntilOnline({ client, vin: 'V' }, { ...options, knownState: 'online' });
    expect(result).toEqual({ state: 'online', woke: false, waitedMs: 0 });
    expect(calls).toEqual([]);
  });

  it('wakes once, then checks without waking every pollMs until online, counting each call', async () => {
    const { fleet, client, calls } = fakeTeslaCar({ states: ['asleep', 'asleep', 'online'] });
    const tracked: string[] = [];
    const result = await fleet.wakeUntilOnline(
      { client, vin: 'V' },
      {
        ...options,
        track: (category, call) => {
          tracked.push(category);
          return call();
        },
      },
    );
    expect(result).toEqual({ state: 'online', woke: true, waitedMs: 2_000 });
    expect(calls).toEqual(['wake_up', 'vehicle', 'vehicle']);
    expect(tracked).toEqual(['wake', 'data', 'data']);
  });

  it('gives up after wakeTimeoutMs with the last state, never waking twice', async () => {
    const { fleet, client, calls } = fakeTeslaCar({ states: ['offline'] });
    expect(await fleet.wakeUntilOnline({ client, vin: 'V' }, options)).toEqual({
      state: 'offline',
      woke: true,
      waitedMs: 10_000,
    });
    expect(calls.filter((c) => c === 'wake_up')).toHaveLength(1);
  });

  it('stops waiting for a car at once when the process stops', async () => {
    const stop = new AbortController();
    const calls: string[] = [];
    const client = {
      wakeUp: async () => {
        calls.push('wake_up');
        return 'asleep';
      },
      getVehicle: async () => {
        calls.push('vehicle');
        return { state: 'asleep' };
      },
    } as unknown as FleetApiClient;
    const fleet = new VehicleFleet(
      { clientFor: async () => client, stopping: stop.signal },
      { linkOf: async () => undefined },
      { findById: async () => undefined },
    );
    const waiting = fleet
      .wakeUntilOnline({ client, vin: 'V' }, { wakeTimeoutMs: 120_000, pollMs: 60_000 })
      .catch((error: unknown) => error);
    await expect.poll(() => calls).toEqual(['wake_up']);
    const abortedAt = performance.now();
    stop.abort();
    expect(await waiting).toBeInstanceOf(TeslaAbortedError);
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(calls).toEqual(['wake_up']);
  });

  it('refuses a car added by hand (409 vehicle-not-from-tesla) and one whose account needs attention', async () => {
    const byHand = new VehicleFleet(
      { clientFor: async () => ({}) as unknown as FleetApiClient, stopping: undefined },
      { linkOf: async () => undefined },
      { findById: async () => undefined },
    );
    const refused = byHand.clientFor(car, 'the app cannot send it commands');
    await expect(refused).rejects.toMatchObject({ status: 409, type: ProblemTypes.vehicleNotFromTesla });
    await expect(refused).rejects.toThrow(/Blue was added by hand.*cannot send it commands/);
    const reconsent = new VehicleFleet(
      { clientFor: async () => ({}) as unknown as FleetApiClient, stopping: undefined },
      { linkOf: async () => ({ vehicleId: 'v1', vin: 'V', connectionId: 'c1' }) },
      { findById: async () => ({ id: 'c1', status: 'needs_reconsent' }) as ConnectionRecord },
    );
    const attention = reconsent.clientFor(car, 'x');
    await expect(attention).rejects.toMatchObject({ status: 409, type: ProblemTypes.teslaUnavailable });
    await expect(attention).rejects.toThrow(/needs reconsent: connect it again/);
  });
});
