import { describe, expect, it } from 'vitest';
import type { FleetApiClient, FleetStatus, FleetTelemetryConfigResult } from '@cybertacotruck/tesla';
import { StreamingSetup } from './streaming-setup';
import {
  blankAccess,
  type TeslaAccessPatch,
  type TeslaAccessRepository,
  type VehicleTeslaAccess,
} from './tesla-access.repository';

const MIN = 60_000;
const target = { hostname: 'telemetry.example.com', port: 443 };
const cars = [
  { id: 'a', vin: 'VINA', lastTelemetryAt: null, online: true },
  { id: 'b', vin: 'VINB', lastTelemetryAt: null, online: true },
];

const tooOld = (version: string) => {
  const [year = 0, week = 0] = version.split('.').map(Number);
  return year < 2024 || (year === 2024 && week < 26);
};

/** Tesla as the set-up sees it: who is paired, what a configuration skips; every call counted. */
function fakeTesla(paired: Set<string>, firmware: Record<string, string> = {}) {
  const calls: string[] = [];
  const client = {
    fleetStatus: (vins: readonly string[]): Promise<FleetStatus> => {
      calls.push('fleet_status');
      return Promise.resolve({
        keyPairedVins: vins.filter((v) => paired.has(v)),
        unpairedVins: vins.filter((v) => !paired.has(v)),
        vehicleInfo: Object.fromEntries(vins.map((v) => [v, { firmwareVersion: firmware[v] ?? '2025.2.6' }])),
      });
    },
    createFleetTelemetryConfig: (body: { vins: readonly string[] }): Promise<FleetTelemetryConfigResult> => {
      calls.push(`config ${body.vins.join(',')}`);
      const skippedVehicles: Record<string, string> = {};
      for (const v of body.vins) {
        if (!paired.has(v)) skippedVehicles[v] = 'missing_key';
        else if (tooOld(firmware[v] ?? '2025.2.6')) skippedVehicles[v] = 'unsupported_firmware';
      }
      return Promise.resolve({
        updatedVehicles: body.vins.length - Object.keys(skippedVehicles).length,
        skippedVehicles,
      });
    },
    getFleetTelemetryConfig: (vin: string) => {
      calls.push(`get ${vin}`);
      return Promise.resolve({ synced: false, config: null });
    },
    fleetTelemetryErrors: (vin: string) => {
      calls.push(`errors ${vin}`);
      return Promise.resolve([]);
    },
  };
  return { client: client as unknown as FleetApiClient, calls };
}

function memoryRepo() {
  const rows = new Map<string, VehicleTeslaAccess>();
  const repo = {
    forVehicles: (ids: readonly string[]) =>
      Promise.resolve(ids.flatMap((id) => (rows.has(id) ? [rows.get(id) as VehicleTeslaAccess] : []))),
    save: (id: string, patch: TeslaAccessPatch) => {
      rows.set(id, { ...(rows.get(id) ?? blankAccess(id)), ...patch });
      return Promise.resolve();
    },
  };
  return { repo: repo as unknown as TeslaAccessRepository, rows };
}

const silent = { warn: () => undefined } as never;

describe('StreamingSetup', () => {
  it('configures paired cars, and a skipped one once fleet_status says it was paired, without a hot loop', async () => {
    const paired = new Set(['VINA']);
    const tesla = fakeTesla(paired);
    const { repo, rows } = memoryRepo();
    const setup = new StreamingSetup(repo, silent);
    const t0 = new Date('2026-12-01T10:00:00Z');

    const first = await setup.refresh(tesla.client, cars, target, t0);
    expect(first).toMatchObject({ statusRead: true, configured: ['VINA'], skipped: {} });
    expect(rows.get('b')).toMatchObject({ keyPaired: false, streamingState: 'not_configured' });
    expect(tesla.calls).toEqual(['fleet_status', 'config VINA']);

    // Every minute for 29 minutes: nothing is due (the pending car is read back after 30 min).
    for (let m = 1; m < 30; m++)
      await setup.refresh(tesla.client, cars, target, new Date(t0.getTime() + m * MIN));
    expect(tesla.calls).toHaveLength(2);

    // The owner pairs B; the next fleet_status (30 min on) sees it and B is configured.
    paired.add('VINB');
    const later = await setup.refresh(tesla.client, cars, target, new Date(t0.getTime() + 30 * MIN));
    expect(later).toMatchObject({ statusRead: true, configured: ['VINB'] });
    expect(tesla.calls.slice(2)).toEqual(['fleet_status', 'config VINB', 'get VINA']);
  });

  it('marks a car synced from its first streamed record, without asking Tesla', async () => {
    const tesla = fakeTesla(new Set(['VINA', 'VINB']));
    const { repo, rows } = memoryRepo();
    const setup = new StreamingSetup(repo, silent);
    const t0 = new Date('2026-12-01T10:00:00Z');
    await setup.refresh(tesla.client, cars, target, t0);
    const streamed = cars.map((c) => ({ ...c, lastTelemetryAt: new Date(t0.getTime() + MIN) }));
    const pass = await setup.refresh(tesla.client, streamed, target, new Date(t0.getTime() + 2 * MIN));
    expect(pass.synced).toEqual(['VINA', 'VINB']);
    expect(rows.get('a')?.streamingState).toBe('synced');
    expect(tesla.calls).toEqual(['fleet_status', 'config VINA,VINB']);
  });

  it('retries a car skipped for its firmware only after an update', async () => {
    const firmware: Record<string, string> = { VINA: '2024.8.9' };
    const tesla = fakeTesla(new Set(['VINA']), firmware);
    const { repo, rows } = memoryRepo();
    const setup = new StreamingSetup(repo, silent);
    const t0 = new Date('2026-12-01T10:00:00Z');
    const one = [cars[0] ?? { id: 'a', vin: 'VINA', lastTelemetryAt: null, online: true }];
    expect((await setup.refresh(tesla.client, one, target, t0)).skipped).toEqual({
      VINA: 'unsupported_firmware',
    });
    await setup.refresh(tesla.client, one, target, new Date(t0.getTime() + 31 * MIN));
    expect(tesla.calls.filter((c) => c.startsWith('config'))).toHaveLength(1);
    firmware.VINA = '2025.2.6';
    const after = await setup.refresh(tesla.client, one, target, new Date(t0.getTime() + 62 * MIN));
    expect(after.configured).toEqual(['VINA']);
    expect(rows.get('a')?.streamingState).toBe('pending');
  });

  it('lets an asleep configured car wait without reading it back', async () => {
    const tesla = fakeTesla(new Set(['VINA', 'VINB']));
    const { repo } = memoryRepo();
    const setup = new StreamingSetup(repo, silent);
    const t0 = new Date('2026-12-01T10:00:00Z');
    const asleep = cars.map((c) => ({ ...c, online: false }));
    for (let h = 0; h <= 12; h++)
      await setup.refresh(tesla.client, asleep, target, new Date(t0.getTime() + h * 60 * MIN));
    expect(tesla.calls.filter((c) => c.startsWith('get') || c.startsWith('errors'))).toEqual([]);
    // Awake and still silent: one read-back and, an hour after the configuration, its errors.
    await setup.refresh(tesla.client, cars, target, new Date(t0.getTime() + 13 * 60 * MIN));
    expect(tesla.calls.slice(-4)).toEqual(['get VINA', 'errors VINA', 'get VINB', 'errors VINB']);
  });

  it('does not configure anything without a streaming target', async () => {
    const tesla = fakeTesla(new Set(['VINA', 'VINB']));
    const { repo } = memoryRepo();
    await new StreamingSetup(repo, silent).refresh(tesla.client, cars, null, new Date());
    expect(tesla.calls).toEqual(['fleet_status']);
  });
});
