/**
 * Virtual keys and Fleet Telemetry configuration through the real client over HTTP: fleet_status,
 * a configuration sent only through the proxy, Tesla's skip reasons, `synced`, errors, and pairing
 * through the stand-in for https://tesla.com/_ak/<domain>.
 */
import {
  CostMeter,
  FleetApiClient,
  InMemoryTokenStore,
  TeslaApiError,
  TokenManager,
  type FleetTelemetryConfig,
} from '@cybertacotruck/tesla';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim } from './index';

let sim: TeslaSim;
let client: FleetApiClient;
let meter: CostMeter;

const CONFIG: FleetTelemetryConfig = {
  hostname: 'telemetry.example.com',
  port: 4443,
  ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  exp: 1_900_000_000,
  fields: { Location: { interval_seconds: 30 }, Soc: { interval_seconds: 300 } },
  alert_types: ['service'],
  prefer_typed: true,
};

beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, seed: 1, clock: 'manual', routine: false, virtualKeys: 'mixed' });
  const issued = await sim.issueTokens();
  const store = new InMemoryTokenStore();
  store.set('c', {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    expiresAt: new Date(sim.clock.now().getTime() + issued.expiresIn * 1000),
  });
  meter = new CostMeter();
  client = new FleetApiClient({
    connectionId: 'c',
    tokens: new TokenManager({ oauth: { refresh: () => Promise.reject(new Error('no refresh')) }, store }),
    baseUrl: sim.regionBaseUrl('na'),
    proxyUrl: sim.oauth.proxyUrl,
    meter,
  });
});
afterEach(async () => {
  await sim.close();
});

const cars = () => sim.vehicles();
const vinAt = (i: number) => cars()[i]?.vin ?? '';

describe('virtual keys (mixed demo fleet)', () => {
  it('fleet_status tells paired from unpaired, with protocol and firmware per car', async () => {
    const status = await client.fleetStatus(cars().map((c) => c.vin));
    expect(status.unpairedVins).toEqual([vinAt(2), vinAt(6)]);
    expect(status.keyPairedVins).toHaveLength(6);
    expect(status.vehicleInfo[vinAt(2)]).toMatchObject({ vehicleCommandProtocolRequired: false });
    expect(status.vehicleInfo[vinAt(0)]).toMatchObject({
      vehicleCommandProtocolRequired: true,
      fleetTelemetryVersion: '1.0.2',
    });
    expect(status.vehicleInfo[vinAt(5)]?.firmwareVersion).toBe('2024.8.9');
    expect(meter.snapshot().total.data).toBe(1);
    expect(sim.billing.snapshot().total.data).toBe(1);
  });

  it('configures paired capable cars, skips the others with their reasons, streams only those', async () => {
    const vins = cars().map((c) => c.vin);
    const result = await client.createFleetTelemetryConfig({ vins, config: CONFIG });
    expect(result.updatedVehicles).toBe(5);
    expect(result.skippedVehicles).toEqual({
      [vinAt(2)]: 'missing_key',
      [vinAt(6)]: 'missing_key',
      [vinAt(5)]: 'unsupported_firmware',
    });
    expect(
      cars()
        .filter((c) => c.streaming)
        .map((c) => c.vin),
    ).toEqual(vins.filter((v) => !(v in result.skippedVehicles)));

    // The owner pairs the key on the phone in the car: the next attempt takes that car.
    const page = await fetch(`${sim.oauth.pairingBaseUrl}/fleet.example.com`);
    expect(await page.text()).toContain('Add key');
    const paired = await fetch(`${sim.oauth.pairingBaseUrl}/fleet.example.com`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ vin: vinAt(2) }).toString(),
      redirect: 'manual',
    });
    expect(paired.status).toBe(303);
    expect((await client.fleetStatus([vinAt(2)])).keyPairedVins).toEqual([vinAt(2)]);
    const again = await client.createFleetTelemetryConfig({ vins: [vinAt(2)], config: CONFIG });
    expect(again).toEqual({ updatedVehicles: 1, skippedVehicles: {} });
  });

  it('reads synced: false for an asleep car until it next connects', async () => {
    const asleep = cars().find((c) => c.state === 'asleep' && c.keyPaired && c.telemetrySkip === null);
    if (!asleep) throw new Error('seed 1 has no asleep paired car');
    await client.createFleetTelemetryConfig({ vins: [asleep.vin], config: CONFIG });
    expect(await client.getFleetTelemetryConfig(asleep.vin)).toMatchObject({
      synced: false,
      keyPaired: true,
      limitReached: false,
      config: { hostname: 'telemetry.example.com' },
    });
    sim.control.drive(asleep.vin, 10);
    sim.clock.advance(60_000);
    expect((await client.getFleetTelemetryConfig(asleep.vin)).synced).toBe(true);
  });

  it('skips a car whose telemetry configurations are full (max_configs)', async () => {
    sim.control.setOtherTelemetryConfigs(vinAt(0), 3);
    const result = await client.createFleetTelemetryConfig({ vins: [vinAt(0)], config: CONFIG });
    expect(result).toEqual({ updatedVehicles: 0, skippedVehicles: { [vinAt(0)]: 'max_configs' } });
  });

  it('lists the errors a car reported about its telemetry connection', async () => {
    expect(await client.fleetTelemetryErrors(vinAt(0))).toEqual([]);
    sim.control.reportTelemetryError(vinAt(0), 'x509: certificate signed by unknown authority');
    const errors = await client.fleetTelemetryErrors(vinAt(0));
    expect(errors).toMatchObject([
      {
        vin: vinAt(0),
        error: 'x509: certificate signed by unknown authority',
        createdAt: expect.any(Date) as Date,
      },
    ]);
  });

  it('refuses an unsigned configuration sent straight to the Fleet API', async () => {
    const direct = new FleetApiClient({
      connectionId: 'c',
      tokens: {
        getAccessToken: () => sim.issueTokens().then((t) => t.accessToken),
        refreshAfterRejection: () => Promise.reject(new Error('no')),
      },
      baseUrl: sim.regionBaseUrl('na'),
      proxyUrl: sim.regionBaseUrl('na'),
    });
    const error = await direct
      .createFleetTelemetryConfig({ vins: [vinAt(0)], config: CONFIG })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeslaApiError);
    expect(error).toMatchObject({ status: 400 });
    expect(cars()[0]?.streaming).toBe(false);
  });

  it('turns down a command through the proxy for a car without the key', async () => {
    sim.control.drive(vinAt(6), 5);
    expect(await client.command(vinAt(6), 'flash_lights')).toEqual({
      result: false,
      reason: expect.stringContaining('missing_key') as string,
    });
  });
});
