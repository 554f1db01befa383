import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import {
  ProblemTypes,
  type SyncReport,
  type TeslaConnectionList,
  type VirtualKeyOverview,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { SecretBox } from '@cybertacotruck/platform';
import { asOperator, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService, inProcessTelemetry, simulatedTesla } from '../../index';

const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

// The demo's mix of cars (some without the app's key, one on firmware too old to stream), connected
// through the sign-in pages; the sync worker is off, so each pass here is an operator's "Sync now".
describe.each(TEST_ENGINES)('virtual keys and Fleet Telemetry set-up on %s', (engine) => {
  let t: TestApp;
  let simulator: TeslaSim;
  let connectionId = '';

  beforeAll(async () => {
    simulator = await startTeslaSim({ virtualKeys: 'mixed', routine: false });
    const inventory = createInventoryService({
      tesla: async (_ctx, config) => ({
        port: simulatedTesla(simulator.oauth, config),
        telemetry: inProcessTelemetry(simulator.telemetry),
      }),
    });
    t = await createTestApp(engine, [principalStub, inventory], {
      TESLA_SYNC: 'false',
      SECRET_KEYS: `test:${SecretBox.generateKey()}`,
      TESLA_PARTNER_DOMAIN: 'fleet.example.com',
      TESLA_PUBLIC_KEY: PUBLIC_KEY,
    });
  });
  afterAll(async () => {
    await t.dispose();
    await simulator.close();
  });

  const overview = async () => {
    const res = await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/virtual-key' });
    expect(res.statusCode).toBe(200);
    return res.json<VirtualKeyOverview>();
  };
  const byVin = (o: VirtualKeyOverview, vin: string) => {
    const v = o.vehicles.find((x) => x.vin === vin);
    if (!v) throw new Error(`no ${vin} in the overview`);
    return v;
  };
  const syncNow = async () => {
    const res = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: `/api/v1/tesla/connections/${connectionId}/sync`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<SyncReport>();
  };
  const cars = () => simulator.vehicles();

  it('answers operators only', async () => {
    expect((await t.app.inject({ url: '/api/v1/tesla/virtual-key' })).statusCode).toBe(401);
  });

  it('reads fleet_status on import, configures the paired capable cars, records the skipped ones', async () => {
    const begin = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/tesla/connections/authorize',
    });
    const back = await signInThroughPages(begin.json<{ authorizeUrl: string }>().authorizeUrl);
    const done = await t.app.inject({ headers: asOperator, url: `/api/v1/tesla/callback${back.search}` });
    expect(done.headers.location).toMatch(/imported=8/);
    const list = await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/connections' });
    connectionId = list.json<TeslaConnectionList>().items[0]?.id ?? '';

    const o = await overview();
    expect(o.domain).toBe('fleet.example.com');
    expect(o.pairingUrl).toBe(`${simulator.oauth.pairingBaseUrl}/fleet.example.com`);
    expect(o.pairingQrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(o.publicKeyConfigured).toBe(true);
    expect(o.vehicles).toHaveLength(8);
    const [, , unpairedS, , , oldFirmware, unpairedY] = cars();
    expect(byVin(o, unpairedS?.vin ?? '')).toMatchObject({
      keyPaired: false,
      commandProtocolRequired: false,
      streaming: { state: 'not_configured', reason: null },
    });
    expect(byVin(o, unpairedY?.vin ?? '')).toMatchObject({ keyPaired: false, commandProtocolRequired: true });
    expect(byVin(o, oldFirmware?.vin ?? '')).toMatchObject({
      keyPaired: true,
      firmwareVersion: '2024.8.9',
      streaming: { state: 'skipped', reason: 'unsupported_firmware' },
    });
    const paired = o.vehicles.filter((v) => v.keyPaired && v.streaming.state !== 'skipped');
    expect(paired).toHaveLength(5);
    for (const v of paired) expect(['pending', 'synced']).toContain(v.streaming.state);
    // Only the configured cars stream in the simulator.
    expect(
      cars()
        .filter((c) => c.streaming)
        .map((c) => c.vin)
        .sort(),
    ).toEqual(paired.map((v) => v.vin).sort());
  });

  it('configures a car once its owner pairs the key, on the next sync', async () => {
    const vin = cars()[2]?.vin ?? '';
    const pairing = await fetch(`${simulator.oauth.pairingBaseUrl}/fleet.example.com`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ vin }).toString(),
      redirect: 'manual',
    });
    expect(pairing.status).toBe(303);
    const before = simulator.billing.snapshot().total.data;
    const report = await syncNow();
    expect(report.streaming?.configured).toEqual([vin]);
    const after = byVin(await overview(), vin);
    expect(after.keyPaired).toBe(true);
    expect(['pending', 'synced']).toContain(after.streaming.state);
    expect(cars()[2]?.streaming).toBe(true);
    // Besides the list and the policy's reads: fleet_status, one configuration for the one car, and
    // for each car still pending a config read-back and its errors (an operator's sync asks now).
    const spent = simulator.billing.snapshot().total.data - before - 1 - report.polled.length;
    expect(spent).toBeLessThanOrEqual(2 + 2 * 5);
  });

  it('reads the errors a configured car reports while it has not taken its configuration', async () => {
    const pending = (await overview()).vehicles.find((v) => v.streaming.state === 'pending');
    if (!pending) throw new Error('expected an asleep car still pending');
    simulator.control.reportTelemetryError(pending.vin, 'x509: certificate signed by unknown authority');
    await syncNow();
    expect(byVin(await overview(), pending.vin).streaming.errors).toMatchObject([
      { error: 'x509: certificate signed by unknown authority' },
    ]);
  });

  it('serves the public key at the well-known path Tesla fetches', async () => {
    const res = await t.app.inject({ url: '/.well-known/appspecific/com.tesla.3p.public-key.pem' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(PUBLIC_KEY);
  });
});

describe('the public key route without a key', () => {
  it('answers 404 with a problem naming the keys to set', async () => {
    const t = await createTestApp(
      'pglite',
      [
        principalStub,
        createInventoryService({
          tesla: () =>
            Promise.resolve({
              port: { mode: 'tesla', endpoints: () => Promise.reject(new Error('none')) },
              telemetry: { kind: 'none' },
            }),
        }),
      ],
      { TESLA_SYNC: 'false', SECRET_KEYS: `test:${SecretBox.generateKey()}` },
    );
    try {
      const res = await t.app.inject({ url: '/.well-known/appspecific/com.tesla.3p.public-key.pem' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({
        type: ProblemTypes.teslaPublicKeyNotConfigured,
        detail: expect.stringContaining('TESLA_PUBLIC_KEY_FILE') as string,
      });
    } finally {
      await t.dispose();
    }
  });
});
