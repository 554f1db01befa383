import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim } from './index';
import { fleetApi } from '../testing/http';

let sim: TeslaSim;
let api: ReturnType<typeof fleetApi>;

beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, clock: 'manual', routine: false });
  api = fleetApi(sim, (await sim.issueTokens()).accessToken);
});
afterEach(async () => {
  await sim.close();
});

const firstVin = (): string => sim.vehicles()[0]?.vin ?? '';
const onlineVin = (): string => sim.vehicles().find((v) => v.state === 'online')?.vin ?? '';

describe('faults', () => {
  it('rate_limit: 429 with Retry-After, counting down `times`, and billed', async () => {
    sim.faults.inject({ kind: 'rate_limit', times: 2, retryAfterSeconds: 7 });
    const r = await api('GET', '/api/1/vehicles');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.headers.get('ratelimit-remaining')).toBe('0');
    expect((await api('GET', '/api/1/vehicles')).status).toBe(429);
    expect((await api('GET', '/api/1/vehicles')).status).toBe(200);
    expect(sim.billing.snapshot().total.data).toBe(3);
  });

  it('server_error: 5xx is not billed', async () => {
    sim.faults.inject({ kind: 'server_error', status: 503, times: 1 });
    const r = await api('GET', '/api/1/vehicles');
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ response: null });
    expect(sim.billing.snapshot().total).toEqual({ data: 0, command: 0, wake: 0, signal: 0, usd: 0 });
    expect((await api('GET', '/api/1/vehicles')).status).toBe(200);
    expect(sim.billing.snapshot().total.data).toBe(1);
  });

  it('faults aimed at one VIN leave the others alone', async () => {
    const [a, b] = sim.vehicles();
    sim.faults.inject({ kind: 'server_error', vin: a?.vin });
    expect((await api('GET', `/api/1/vehicles/${a?.vin ?? ''}`)).status).toBe(500);
    expect((await api('GET', `/api/1/vehicles/${a?.vin ?? ''}`)).status).toBe(500);
    expect((await api('GET', `/api/1/vehicles/${b?.vin ?? ''}`)).status).toBe(200);
    sim.faults.clear();
    expect((await api('GET', `/api/1/vehicles/${a?.vin ?? ''}`)).status).toBe(200);
  });

  it('expired_token: 401 invalid_token, then the token works again', async () => {
    sim.faults.inject({ kind: 'expired_token', times: 1 });
    const r = await api('GET', '/api/1/vehicles');
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_token');
    expect((await api('GET', '/api/1/vehicles')).status).toBe(200);
  });

  it('revoked: 401 and the refresh token is dead too', async () => {
    const t = await sim.issueTokens();
    sim.faults.inject({ kind: 'revoked', times: 1 });
    expect((await fleetApi(sim, t.accessToken)('GET', '/api/1/vehicles')).status).toBe(401);
    expect((await fleetApi(sim, t.accessToken)('GET', '/api/1/vehicles')).status).toBe(401);
    const refreshed = await fetch(sim.oauth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: sim.oauth.clientId,
        refresh_token: t.refreshToken,
      }).toString(),
    });
    expect(refreshed.status).toBe(401);
  });

  it('wrong_region: the account moves; 421 names the new base URL, which then answers', async () => {
    sim.faults.inject({ kind: 'wrong_region' });
    const r = await api('GET', '/api/1/vehicles');
    expect(r.status).toBe(421);
    expect(String(r.body.error)).toContain(sim.regionBaseUrl('eu'));
    const region = await api<{ response: { fleet_api_base_url: string } }>('GET', '/api/1/users/region');
    expect(region.body.response.fleet_api_base_url).toBe(sim.regionBaseUrl('eu'));
    const token = (await sim.issueTokens()).accessToken;
    expect((await fleetApi(sim, token, 'eu')('GET', '/api/1/vehicles')).status).toBe(200);
    expect((await api('GET', '/api/1/vehicles')).status).toBe(421);
  });

  it('offline: the car reports offline and answers 408 while the fault lasts; wake_up does not wake it', async () => {
    const vin = onlineVin();
    sim.faults.inject({ kind: 'offline', vin, times: 3 });
    expect(
      (await api<{ response: { state: string } }>('GET', `/api/1/vehicles/${vin}`)).body.response.state,
    ).toBe('offline');
    expect((await api('GET', `/api/1/vehicles/${vin}/vehicle_data`)).status).toBe(408);
    await api('POST', `/api/1/vehicles/${vin}/wake_up`);
    expect(sim.wakesCaused()).toBe(0);
    expect((await api('GET', `/api/1/vehicles/${vin}/vehicle_data`)).status).toBe(200);
  });

  it('asleep: the car falls asleep at once', async () => {
    const vin = onlineVin();
    sim.faults.inject({ kind: 'asleep', vin });
    expect(sim.vehicles().find((v) => v.vin === vin)?.state).toBe('asleep');
    expect((await api('GET', `/api/1/vehicles/${vin}/vehicle_data`)).status).toBe(408);
  });

  it('matches a fault by VIN or by numeric id', async () => {
    const v = sim.vehicles()[1];
    sim.faults.inject({ kind: 'server_error', vin: v?.vin, times: 1 });
    expect((await api('GET', `/api/1/vehicles/${v?.id ?? 0}`)).status).toBe(500);
    expect((await api('GET', `/api/1/vehicles/${firstVin()}`)).status).toBe(200);
  });
});

describe('configured rate limits', () => {
  it('answers 429 per device per minute of simulated time, with RateLimit headers', async () => {
    const limited = await startTeslaSim({
      port: 0,
      clock: 'manual',
      routine: false,
      rateLimits: { wakesPerMinute: 2 },
    });
    try {
      const call = fleetApi(limited, (await limited.issueTokens()).accessToken);
      const [a, b] = limited.vehicles();
      const wake = (vin = a?.vin ?? '') => call('POST', `/api/1/vehicles/${vin}/wake_up`);
      const first = await wake();
      expect(first.headers.get('ratelimit-remaining')).toBe('1');
      expect((await wake()).status).toBe(200);
      const third = await wake();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await wake(b?.vin)).status).toBe(200);
      expect((await call('GET', '/api/1/vehicles')).status).toBe(200);
      limited.clock.advance(61_000);
      expect((await wake()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('control API', () => {
  it('drives the sim over HTTP at /sim', async () => {
    const vin = firstVin();
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(`/sim/vehicles/${vin}/drive`, { minutes: 10 })).status).toBe(204);
    expect((await post('/sim/clock/advance', { ms: 60_000 })).status).toBe(200);
    expect((await post('/sim/faults', { kind: 'server_error', times: 1 })).status).toBe(204);
    expect((await api('GET', '/api/1/vehicles')).status).toBe(500);
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      vehicles: Array<{ vin: string; activity: string }>;
    };
    expect(state.vehicles.find((v) => v.vin === vin)?.activity).toBe('driving');
    expect((await post('/sim/faults', { kind: 'nope' })).status).toBe(400);
  });
});
