import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim } from '../index';
import { fleetApi, type ApiResult } from '../../testing/http';

type Body = Record<string, unknown> & { response: Record<string, unknown> };
type Api = <T = Body>(method: string, path: string, body?: unknown) => Promise<ApiResult<T>>;

let sim: TeslaSim;
let api: Api;

beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, clock: 'manual', routine: false });
  api = fleetApi(sim, (await sim.issueTokens()).accessToken);
});
afterEach(async () => {
  await sim.close();
});

const online = () => sim.vehicles().find((v) => v.state === 'online');
const asleep = () => sim.vehicles().find((v) => v.state === 'asleep');
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('discovery', () => {
  it('tells the account its region and base URL from any region', async () => {
    const r = await fleetApi(sim, (await sim.issueTokens()).accessToken, 'eu')('GET', '/api/1/users/region');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ response: { region: 'na', fleet_api_base_url: sim.regionBaseUrl('na') } });
  });

  it('answers 421 from the wrong region, naming the right base URL', async () => {
    const eu = fleetApi(sim, (await sim.issueTokens()).accessToken, 'eu');
    const r = await eu('GET', '/api/1/vehicles');
    expect(r.status).toBe(421);
    expect(String(r.body.error)).toContain(sim.regionBaseUrl('na'));
    expect(r.body.error_description).toBeTruthy();
    expect(r.headers.get('alt-svc')).toContain(new URL(sim.url).host);
  });

  it('serves the EU account from the EU prefix', async () => {
    const t = await sim.issueTokens({ email: 'eu@tesla-sim.test' });
    const r = await fleetApi(sim, t.accessToken, 'eu')<{ count: number }>('GET', '/api/1/vehicles');
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(2);
    expect((await fleetApi(sim, t.accessToken, 'na')('GET', '/api/1/vehicles')).status).toBe(421);
  });
});

describe('vehicles', () => {
  it('lists with paging and a count; every model and valid-looking VINs', async () => {
    const all = await api<{ response: Array<Record<string, unknown>>; count: number }>(
      'GET',
      '/api/1/vehicles',
    );
    expect(all.body.count).toBe(8);
    expect(all.body.response).toHaveLength(8);
    for (const v of all.body.response) {
      expect(v.vin).toMatch(/^(5YJ|7SA)[A-HJ-NPR-Z0-9]{14}$/);
      expect(v.id_s).toBe(String(v.id));
      expect(['online', 'asleep']).toContain(v.state);
    }
    expect(new Set(sim.vehicles().map((v) => v.model))).toEqual(
      new Set(['model3', 'modely', 'models', 'modelx', 'cybertruck']),
    );
    const page2 = await api<{ response: unknown[]; count: number }>(
      'GET',
      '/api/1/vehicles?page=2&per_page=3',
    );
    expect(page2.body.response).toHaveLength(3);
    expect(page2.body.count).toBe(8);
  });

  it('gets one vehicle by id or VIN; another account’s car is 404', async () => {
    const v = must(sim.vehicles()[0]);
    expect((await api('GET', `/api/1/vehicles/${v.id}`)).body.response.vin).toBe(v.vin);
    expect((await api('GET', `/api/1/vehicles/${v.vin}`)).body.response.id).toBe(v.id);
    const euVin = must(sim.vehicles('eu@tesla-sim.test')[0]).vin;
    const r = await api('GET', `/api/1/vehicles/${euVin}`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ response: null, error: 'not_found' });
  });

  it('returns location only when location_data is requested', async () => {
    const v = must(online());
    const without = await api(
      'GET',
      `/api/1/vehicles/${v.vin}/vehicle_data?endpoints=drive_state;charge_state`,
    );
    expect(without.status).toBe(200);
    const drive = without.body.response.drive_state as Record<string, unknown>;
    expect(drive).toBeDefined();
    expect(drive.latitude).toBeUndefined();
    expect(drive.shift_state).toBe('P');
    const charge = without.body.response.charge_state as Record<string, unknown>;
    expect(charge.battery_level).toBe(Math.round(v.batteryLevel));
    expect(charge.charging_state).toBe('Disconnected');
    expect(charge.battery_range).toBeCloseTo(v.rangeMi, 1);

    const withLoc = await api(
      'GET',
      `/api/1/vehicles/${v.vin}/vehicle_data?endpoints=location_data;vehicle_config`,
    );
    const located = withLoc.body.response.drive_state as Record<string, number>;
    expect(located.latitude).toBeCloseTo(v.lat, 5);
    expect(located.longitude).toBeCloseTo(v.lon, 5);
    expect(located.latitude).toBeGreaterThan(30);
    expect(located.longitude).toBeLessThan(-97);
    const config = withLoc.body.response.vehicle_config as Record<string, unknown>;
    expect(config.car_type).toBe(v.model);
    expect(config.exterior_color).toBeTruthy();
    expect(config.trim_badging).toBeTruthy();
  });

  it('hides location from a token without vehicle_location', async () => {
    const t = await sim.issueTokens({ scopes: ['openid', 'vehicle_device_data'] });
    const r = await fleetApi(sim, t.accessToken)<Body>(
      'GET',
      `/api/1/vehicles/${must(online()).vin}/vehicle_data?endpoints=location_data`,
    );
    expect(r.status).toBe(200);
    expect((r.body.response.drive_state as Record<string, unknown> | undefined)?.latitude).toBeUndefined();
  });

  it('answers 408 for an asleep car; listing and getting never wake it', async () => {
    const v = must(asleep());
    const r = await api('GET', `/api/1/vehicles/${v.vin}/vehicle_data`);
    expect(r.status).toBe(408);
    expect(r.body).toEqual({
      response: null,
      error: 'vehicle unavailable: vehicle is offline or asleep',
      error_description: '',
    });
    await api('GET', '/api/1/vehicles');
    expect((await api('GET', `/api/1/vehicles/${v.vin}`)).body.response.state).toBe('asleep');
    sim.clock.advance(60_000);
    expect(sim.vehicles().find((x) => x.vin === v.vin)?.state).toBe('asleep');
    expect((await api('POST', `/api/1/vehicles/${v.vin}/command/honk_horn`)).status).toBe(408);
    expect(sim.wakesCaused()).toBe(0);
  });

  it('wakes a car with wake_up after 10–30 simulated seconds', async () => {
    const v = must(asleep());
    const first = await api('POST', `/api/1/vehicles/${v.vin}/wake_up`);
    expect(first.status).toBe(200);
    expect(first.body.response.state).toBe('asleep');
    await api('POST', `/api/1/vehicles/${v.vin}/wake_up`);
    expect(sim.wakesCaused()).toBe(1);
    sim.clock.advance(9_000);
    expect((await api('GET', `/api/1/vehicles/${v.vin}`)).body.response.state).toBe('asleep');
    sim.clock.advance(21_000);
    expect((await api('GET', `/api/1/vehicles/${v.vin}`)).body.response.state).toBe('online');
    expect((await api('GET', `/api/1/vehicles/${v.vin}/vehicle_data`)).status).toBe(200);
    expect(sim.billing.snapshot().total.wake).toBe(2);
  });

  it('runs commands and reports refusals as result:false', async () => {
    const vin = must(online()).vin;
    const unlock = await api('POST', `/api/1/vehicles/${vin}/command/door_unlock`);
    expect(unlock.body).toEqual({ response: { result: true, reason: '' } });
    expect(sim.vehicles().find((v) => v.vin === vin)?.locked).toBe(false);
    await api('POST', `/api/1/vehicles/${vin}/command/set_sentry_mode`, { on: true });
    expect(sim.vehicles().find((v) => v.vin === vin)?.sentry).toBe(true);
    await api('POST', `/api/1/vehicles/${vin}/command/set_charge_limit`, { percent: 85 });
    expect(sim.vehicles().find((v) => v.vin === vin)?.chargeLimitSoc).toBe(85);
    const start = await api('POST', `/api/1/vehicles/${vin}/command/charge_start`);
    expect(start.status).toBe(200);
    expect(start.body.response).toEqual({ result: false, reason: 'disconnected' });
    expect((await api('POST', `/api/1/vehicles/${vin}/command/launch_rocket`)).status).toBe(404);
  });

  it('refuses commands without the scope (403)', async () => {
    const t = await sim.issueTokens({ scopes: ['openid', 'vehicle_device_data', 'vehicle_charging_cmds'] });
    const limited = fleetApi(sim, t.accessToken);
    const vin = must(online()).vin;
    const r = await limited('POST', `/api/1/vehicles/${vin}/command/door_unlock`);
    expect(r.status).toBe(403);
    expect((await limited('POST', `/api/1/vehicles/${vin}/command/charge_stop`)).status).toBe(200);
  });

  it('reports key pairing with fleet_status', async () => {
    const vin = must(sim.vehicles()[0]).vin;
    const r = await api<{ response: Record<string, unknown> }>('POST', '/api/1/vehicles/fleet_status', {
      vins: [vin, '5YJ3E1EA0PF000000'],
    });
    expect(r.body.response.key_paired_vins).toEqual([vin]);
    expect(r.body.response.unpaired_vins).toEqual(['5YJ3E1EA0PF000000']);
    expect((r.body.response.vehicle_info as Record<string, unknown>)[vin]).toMatchObject({
      vehicle_command_protocol_required: true,
    });
  });

  it('accepts a POST with a JSON content type and no body', async () => {
    const r = await fetch(`${sim.oauth.proxyUrl}/api/1/vehicles/${must(online()).vin}/command/honk_horn`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await sim.issueTokens()).accessToken}`,
        'content-type': 'application/json',
      },
    });
    expect(r.status).toBe(200);
  });
});
