/**
 * The Fleet API client's HTTP behaviour against the real simulator over HTTP (no mocks): token
 * refresh on 401, 408 as a state, Retry-After, 5xx backoff, 421 region switching, revoked
 * consent, one refresh for many concurrent callers, and metering that matches the sim's bill.
 */
import {
  CostMeter,
  DEFAULT_SCOPES,
  FleetApiClient,
  InMemoryTokenStore,
  TeslaForbiddenError,
  TeslaNotFoundError,
  TeslaOAuthClient,
  TeslaRateLimitedError,
  TeslaServerError,
  TeslaUnauthorizedError,
  TokenManager,
  needsReconsent,
  type FleetApiClientOptions,
} from '@cybertacotruck/tesla';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim } from './index';

let sim: TeslaSim;

beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, seed: 1, clock: 'manual', routine: false });
});
afterEach(async () => {
  await sim.close();
});

const simNow = () => sim.clock.now().getTime();

interface Harness {
  client: FleetApiClient;
  store: InMemoryTokenStore;
  meter: CostMeter;
  /** Delays the client asked to sleep, in order (sleeping itself is instant). */
  delays: number[];
  /** Refresh tokens sent to the sim's token endpoint. */
  refreshes: string[];
  baseUrlChanges: string[];
  accessToken: string;
}

async function connect(
  o: { email?: string; scopes?: string[]; ttlSeconds?: number; client?: Partial<FleetApiClientOptions> } = {},
): Promise<Harness> {
  const issued = await sim.issueTokens({
    ...(o.email ? { email: o.email } : {}),
    ...(o.scopes ? { scopes: o.scopes } : {}),
    ...(o.ttlSeconds ? { accessTokenTtlSeconds: o.ttlSeconds } : {}),
  });
  const oauth = new TeslaOAuthClient(
    { ...sim.oauth, redirectUri: 'http://127.0.0.1/callback', scopes: DEFAULT_SCOPES },
    { now: simNow },
  );
  const refreshes: string[] = [];
  const store = new InMemoryTokenStore();
  store.set('conn-1', {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    expiresAt: new Date(simNow() + issued.expiresIn * 1000),
  });
  const tokens = new TokenManager({
    oauth: {
      refresh: (rt) => {
        refreshes.push(rt);
        return oauth.refresh(rt);
      },
    },
    store,
    now: simNow,
  });
  const meter = new CostMeter();
  const delays: number[] = [];
  const baseUrlChanges: string[] = [];
  const client = new FleetApiClient({
    connectionId: 'conn-1',
    tokens,
    baseUrl: sim.regionBaseUrl('na'),
    // The sim's stand-in for tesla-http-proxy.
    proxyUrl: sim.oauth.proxyUrl,
    meter,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    now: simNow,
    onBaseUrlChange: (url) => baseUrlChanges.push(url),
    ...o.client,
  });
  sim.billing.reset();
  return { client, store, meter, delays, refreshes, baseUrlChanges, accessToken: issued.accessToken };
}

function must<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}

const firstVin = () => must(sim.vehicles()[0]).vin;

/** Our meter and the simulator's bill agree, category by category. */
function expectBillsAgree(meter: CostMeter): void {
  const ours = meter.snapshot().total;
  const theirs = sim.billing.snapshot().total;
  expect({ data: ours.data, command: ours.command, wake: ours.wake }).toEqual({
    data: theirs.data,
    command: theirs.command,
    wake: theirs.wake,
  });
}

describe('reading the fleet', () => {
  it('lists, reads and parses vehicles, billing what Tesla bills', async () => {
    const h = await connect();
    const { vehicles, count } = await h.client.listVehicles();
    expect(count).toBe(sim.vehicles().length);
    const first = must(vehicles[0]);
    expect(first.vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    expect(first.idS).toBe(String(first.id));
    expect(await h.client.getVehicle(first.vin)).toMatchObject({ vin: first.vin, id: first.id });

    const vin = must(sim.vehicles().find((v) => v.state === 'online')).vin;
    const result = await h.client.vehicleData(vin);
    if (result.status !== 'ok') throw new Error('expected data');
    const snap = must(sim.vehicles().find((v) => v.vin === vin));
    expect(result.data.vin).toBe(vin);
    expect(result.data.chargeState?.batteryLevel).toBeCloseTo(snap.batteryLevel, 0);
    expect(result.data.driveState?.latitude).toBeCloseTo(snap.lat, 4);
    expect(result.data.vehicleState?.odometerMi).toBeCloseTo(snap.odometerMi, 0);
    expect(result.data.vehicleConfig?.carType).toBeTruthy();

    const status = await h.client.fleetStatus([vin, '5YJ3E1EA0KF999999']);
    expect(status.keyPairedVins).toEqual([vin]);
    expect(status.unpairedVins).toEqual(['5YJ3E1EA0KF999999']);
    expect(status.vehicleInfo[vin]?.vehicleCommandProtocolRequired).toBe(true);

    expect(h.meter.snapshot().total.data).toBe(4);
    expectBillsAgree(h.meter);
    expect(h.delays).toEqual([]);
  });

  it('maps 404 and 403 to their errors', async () => {
    const h = await connect({ scopes: ['openid', 'offline_access', 'user_data'] });
    await expect(h.client.getVehicle('5YJ3E1EA0KF999999')).rejects.toBeInstanceOf(TeslaNotFoundError);
    await expect(h.client.vehicleData(firstVin())).rejects.toBeInstanceOf(TeslaForbiddenError);
  });
});

describe('asleep vehicles (408)', () => {
  it('reports an asleep car as a state without retrying, wakes it on request', async () => {
    const h = await connect();
    const vin = firstVin();
    sim.faults.inject({ vin, kind: 'asleep' });
    expect(await h.client.vehicleData(vin)).toEqual({ status: 'unavailable', reason: 'asleep' });
    expect(h.delays).toEqual([]);
    expect((await h.client.getVehicle(vin)).state).toBe('asleep');

    await h.client.wakeUp(vin);
    sim.clock.advance(60_000);
    expect((await h.client.vehicleData(vin)).status).toBe('ok');
    expect(h.meter.snapshot().total).toMatchObject({ data: 3, wake: 1 });
    expect(h.meter.snapshot().byVehicleDay).toHaveLength(1);
    expectBillsAgree(h.meter);
  });
});

describe('commands through the proxy', () => {
  it('sends a command and returns the car’s answer', async () => {
    const h = await connect();
    const vin = must(sim.vehicles().find((v) => v.state === 'online')).vin;
    expect(await h.client.command(vin, 'door_unlock')).toEqual({ result: true, reason: '' });
    expect(must(sim.vehicles().find((v) => v.vin === vin)).locked).toBe(false);
    expect(await h.client.command(vin, 'set_charge_limit', { percent: 90 })).toMatchObject({ result: true });
    expect(h.meter.snapshot().total.command).toBe(2);
    expectBillsAgree(h.meter);
  });

  it('refuses to send a command without a proxy', async () => {
    const h = await connect({ client: { proxyUrl: undefined } });
    await expect(h.client.command(firstVin(), 'honk_horn')).rejects.toThrow(/proxy/);
  });

  it('configures telemetry and reads the config back', async () => {
    const h = await connect();
    const vin = firstVin();
    const config = {
      hostname: 'telemetry.example.com',
      port: 443,
      ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      exp: Math.floor(simNow() / 1000) + 86_400,
      fields: { Location: { interval_seconds: 60 }, Soc: { interval_seconds: 300 } },
      alert_types: ['service'],
      prefer_typed: true,
    };
    expect(await h.client.createFleetTelemetryConfig({ vins: [vin], config })).toEqual({
      updatedVehicles: 1,
      skippedVehicles: {},
    });
    const read = await h.client.getFleetTelemetryConfig(vin);
    expect(read.config).toMatchObject({ hostname: 'telemetry.example.com' });
  });
});

describe('tokens', () => {
  it('on a 401 refreshes once and retries', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'expired_token', times: 1 });
    expect((await h.client.listVehicles()).vehicles.length).toBeGreaterThan(0);
    expect(h.refreshes).toHaveLength(1);
    const stored = must(await h.store.load('conn-1'));
    expect(stored.accessToken).not.toBe(h.accessToken);
    expectBillsAgree(h.meter);
  });

  it('refreshes ahead of expiry, and 20 concurrent calls share one refresh', async () => {
    const h = await connect({ ttlSeconds: 120 });
    sim.clock.advance(130_000);
    const vin = firstVin();
    const results = await Promise.all(Array.from({ length: 20 }, () => h.client.getVehicle(vin)));
    expect(results.every((v) => v.vin === vin)).toBe(true);
    // The sim's refresh tokens are single-use: a second refresh with the same token would fail.
    expect(h.refreshes).toHaveLength(1);
  });

  it('a 401 that a fresh token does not cure is reported, not looped on', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'expired_token', times: 5 });
    const error = await h.client.listVehicles().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeslaUnauthorizedError);
    expect(needsReconsent(error)).toBe(false);
    expect(h.refreshes.length).toBeLessThanOrEqual(2);
  });

  it('revoked consent marks the connection for re-consent', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'revoked', times: 1 });
    const error = await h.client.listVehicles().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeslaUnauthorizedError);
    expect(error).toMatchObject({ status: 401, needsReconsent: true });
    expect(needsReconsent(error)).toBe(true);
    expect(h.store.reconsentReason('conn-1')).toBe('invalid_grant');
    expect(JSON.stringify(error)).not.toContain(h.accessToken);
    expect((error as Error).message).not.toContain(h.accessToken);
    // No further calls to Tesla once the connection is marked.
    sim.billing.reset();
    await expect(h.client.listVehicles()).rejects.toMatchObject({ needsReconsent: true });
    expect(sim.billing.snapshot().total.data).toBe(0);
  });

  it('reads the region from the token and fetches a partner token', async () => {
    const issued = await sim.issueTokens({ email: 'eu@tesla-sim.test' });
    const oauth = new TeslaOAuthClient({
      ...sim.oauth,
      audience: sim.regionBaseUrl('eu'),
      redirectUri: 'http://127.0.0.1/callback',
      scopes: DEFAULT_SCOPES,
    });
    const set = await oauth.refresh(issued.refreshToken);
    expect(set.region).toBe('eu');
    expect(set.subject).toBeTruthy();
    expect(set.refreshToken).not.toBe(issued.refreshToken);
    await expect(oauth.refresh(issued.refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
      needsReconsent: true,
    });
    const partner = await oauth.partnerToken(['openid', 'vehicle_device_data']);
    expect(partner.accessToken).toBeTruthy();
  });
});

describe('rate limits and server errors', () => {
  it('waits as long as Retry-After says, then succeeds', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'rate_limit', times: 2, retryAfterSeconds: 7 });
    await h.client.listVehicles();
    expect(h.delays).toEqual([7000, 7000]);
    // Every response under 500 is billed, 429s included.
    expect(h.meter.snapshot().total.data).toBe(3);
    expectBillsAgree(h.meter);
  });

  it('does not wait longer than allowed', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'rate_limit', times: 1, retryAfterSeconds: 120 });
    const error = await h.client.listVehicles().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeslaRateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, retryable: true });
    expect(h.delays).toEqual([]);
  });

  it('gives up after the retry budget', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 1 });
    await expect(h.client.listVehicles()).rejects.toBeInstanceOf(TeslaRateLimitedError);
    expect(h.delays).toEqual([1000, 1000, 1000]);
  });

  it('backs off with full jitter on 5xx and 540, and 5xx is not billed', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'server_error', times: 1, status: 503 });
    sim.faults.inject({ kind: 'server_error', times: 1, status: 540 });
    await h.client.listVehicles();
    expect(h.delays).toEqual([250, 500]);
    expect(h.meter.snapshot().total.data).toBe(1);
    expectBillsAgree(h.meter);
  });

  it('reports a server error once retries run out', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'server_error', status: 502 });
    const error = await h.client.listVehicles().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeslaServerError);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(h.delays).toEqual([250, 500, 1000]);
    expect(h.meter.snapshot().total.data).toBe(0);
  });
});

describe('regions (421)', () => {
  it('follows the account to its new region and remembers it', async () => {
    const h = await connect();
    sim.faults.inject({ kind: 'wrong_region' });
    const { vehicles } = await h.client.listVehicles();
    expect(vehicles.length).toBeGreaterThan(0);
    expect(h.baseUrlChanges).toEqual([sim.regionBaseUrl('eu')]);
    expect(h.client.currentBaseUrl).toBe(sim.regionBaseUrl('eu'));
    await h.client.getVehicle(firstVin());
    expect(h.baseUrlChanges).toHaveLength(1);
    expect(await h.client.userRegion()).toEqual({ region: 'eu', fleetApiBaseUrl: sim.regionBaseUrl('eu') });
  });

  it('finds its region when it starts on the wrong host', async () => {
    const h = await connect({ email: 'eu@tesla-sim.test' });
    await h.client.listVehicles();
    expect(h.client.currentBaseUrl).toBe(sim.regionBaseUrl('eu'));
  });
});
