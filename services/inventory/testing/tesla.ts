import { expect } from 'vitest';
import type { TestEngine } from '@cybertacotruck/db/testing';
import { SecretBox, type Env, type ServiceDefinition } from '@cybertacotruck/platform';
import { asOperator, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import type { FleetApiClient } from '@cybertacotruck/tesla';
import { startTeslaSim, type TeslaSim, type TeslaSimOptions } from '@cybertacotruck/tesla-sim';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService, inProcessTelemetry, simulatedTesla } from '../src/index';
import { VehicleFleet } from '../src/modules/tesla/vehicle-fleet';
import type { ConnectionRecord } from '../src/modules/tesla-connections/connections.repository';

/**
 * Inventory with a Tesla simulator (real HTTP, its own port) wired as the embedded host wires it
 * (the simulated port, telemetry in-process), on a test app of `engine`, with the simulator's demo
 * account connected through its sign-in pages: its eight cars are imported. The sync is off unless
 * `env` turns it on.
 */
export async function startConnectedTesla(
  engine: TestEngine,
  env: Env = {},
  simOptions: TeslaSimOptions = {},
): Promise<{ t: TestApp; sim: TeslaSim; inventory: ServiceDefinition; dispose: () => Promise<void> }> {
  const sim = await startTeslaSim(simOptions);
  try {
    const inventory = createInventoryService({
      tesla: async (_ctx, config) => ({
        port: simulatedTesla(sim.oauth, config),
        telemetry: inProcessTelemetry(sim.telemetry),
      }),
    });
    const t = await createTestApp(engine, [principalStub, inventory], {
      TESLA_SYNC: 'false',
      SECRET_KEYS: `test:${SecretBox.generateKey()}`,
      ...env,
    });
    const begin = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/tesla/connections/authorize',
    });
    const back = await signInThroughPages(begin.json<{ authorizeUrl: string }>().authorizeUrl);
    const callback = await t.app.inject({ headers: asOperator, url: `/api/v1/tesla/callback${back.search}` });
    expect(new URL(callback.headers.location ?? '', 'http://app').searchParams.get('imported')).toBe('8');
    return {
      t,
      sim,
      inventory,
      dispose: async () => {
        await t.dispose();
        await sim.close();
      },
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

/**
 * A car behind a fake Fleet API client (no HTTP: for unit tests of what is done with its answers)
 * that reports `states` one after another to wake_up and GET vehicle (then the last one forever),
 * and its VehicleFleet on a clock that only the fleet's sleeps move.
 */
export function fakeTeslaCar(o: {
  states: string[];
  vehicleData?: Awaited<ReturnType<FleetApiClient['vehicleData']>>;
  stopping?: AbortSignal;
}) {
  const calls: string[] = [];
  let i = 0;
  const clock = { ms: 0 };
  const next = () => o.states[Math.min(i++, o.states.length - 1)] ?? 'asleep';
  const client = {
    wakeUp: async () => {
      calls.push('wake_up');
      return next();
    },
    getVehicle: async () => {
      calls.push('vehicle');
      return { state: next() };
    },
    vehicleData: async () => {
      calls.push('vehicle_data');
      return o.vehicleData ?? { status: 'ok', data: {} };
    },
  } as unknown as FleetApiClient;
  const fleet = new VehicleFleet(
    { clientFor: async () => client, stopping: o.stopping },
    { linkOf: async (vehicleId) => ({ vehicleId, vin: '5YJ3E1EA7KF000001', connectionId: 'c1' }) },
    { findById: async () => ({ id: 'c1', status: 'connected' }) as ConnectionRecord },
    {
      now: () => new Date(clock.ms),
      sleep: async (ms) => {
        clock.ms += ms;
      },
    },
  );
  return { client, fleet, calls, clock, now: () => new Date(clock.ms) };
}
