import { describe, expect, it } from 'vitest';
import { DomainError } from '@cybertacotruck/platform';
import { ProblemTypes } from '@cybertacotruck/contracts';
import type { VehicleDataResult } from '@cybertacotruck/tesla';
import { fakeTeslaCar } from '../../../testing/tesla';
import type { Observation } from '../live-state/live-state.fold';
import type { VehicleLiveState } from '../live-state/live-state.types';
import type { VehicleRecord } from '../vehicles/vehicles.repository';
import { ReadNowService } from './read-now.service';

const vehicle: VehicleRecord = {
  id: 'v1',
  vin: '5YJ3E1EA7KF000001',
  model: 'model_3',
  displayName: 'Blue',
  color: null,
  trim: null,
  modelYear: null,
  homeLocationId: null,
  inService: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

/** A fake Tesla whose car reports `states` one after another (then the last one forever). */
function setUp(o: { connectivity: 'online' | 'asleep'; states: string[]; data?: VehicleDataResult }) {
  const car = fakeTeslaCar({ states: o.states, ...(o.data ? { vehicleData: o.data } : {}) });
  const applied: Observation[] = [];
  const live = { vehicleId: 'v1', connectivity: o.connectivity, dataAsOf: null } as VehicleLiveState;
  const service = new ReadNowService(
    { flushUsage: async () => undefined },
    { linkedVehicleIds: async () => new Set(['v1']) },
    car.fleet,
    { get: async () => vehicle },
    { fillDetails: async () => undefined },
    {
      apply: async (_id, observation) => {
        applied.push(observation);
        return { ...live, dataAsOf: observation.at };
      },
    },
    { byVehicle: async () => live },
    { wakeTimeoutMs: 10_000, pollMs: 1_000, minIntervalMs: 60_000, now: car.now },
  );
  return { service, calls: car.calls, applied };
}

describe('ReadNowService', () => {
  it('reads a car the list saw online without waking it', async () => {
    const { service, calls } = setUp({ connectivity: 'online', states: [] });
    expect(await service.readNow('v1')).toMatchObject({ woke: false, waitedMs: 0 });
    expect(calls).toEqual(['vehicle_data']);
  });

  it('wakes once and checks without waking until the car is online', async () => {
    const { service, calls } = setUp({ connectivity: 'asleep', states: ['asleep', 'asleep', 'online'] });
    expect(await service.readNow('v1')).toMatchObject({ woke: true, waitedMs: 2_000 });
    expect(calls).toEqual(['wake_up', 'vehicle', 'vehicle', 'vehicle_data']);
  });

  it('gives up after the bound with 504 tesla-wake-timeout, and records the car as asleep', async () => {
    const { service, calls, applied } = setUp({ connectivity: 'asleep', states: ['asleep'] });
    const error = await service.readNow('v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 504, type: ProblemTypes.teslaWakeTimeout });
    expect((error as Error).message).toMatch(/not online after 10 s/);
    expect(calls.filter((c) => c === 'wake_up')).toHaveLength(1);
    expect(calls).not.toContain('vehicle_data');
    expect(applied.at(-1)?.connectivity).toBe('asleep');
  });

  it('refuses a second read of the same car within the interval (429) and while one runs (409)', async () => {
    const { service } = setUp({ connectivity: 'online', states: [] });
    await service.readNow('v1');
    await expect(service.readNow('v1')).rejects.toMatchObject({ status: 429, retryAfterSeconds: 60 });
    const other = setUp({ connectivity: 'asleep', states: ['asleep', 'online'] });
    const first = other.service.readNow('v1');
    await expect(other.service.readNow('v1')).rejects.toMatchObject({ status: 409 });
    await first;
  });
});
