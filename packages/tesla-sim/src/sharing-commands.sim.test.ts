/**
 * Issue 16 in the simulator, over HTTP through the app's own Fleet API client: unsigned commands
 * refused for cars that require the Vehicle Command Protocol (and accepted through the proxy),
 * driver invitations and the five-driver limit, Speed Limit Mode with its PIN, charging toward the
 * limit and the cabin temperature, with the same faults as the rest of the API.
 */
import {
  DEFAULT_SCOPES,
  FleetApiClient,
  InMemoryTokenStore,
  TeslaForbiddenError,
  TeslaServerError,
  TeslaVehicleUnavailableError,
  TokenManager,
  isMaxDriversError,
  type TeslaApiError,
} from '@cybertacotruck/tesla';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetApi } from '../testing/http';
import { startTeslaSim, type TeslaSim } from './index';
import { PROTOCOL_REQUIRED } from './api/routes';

let sim: TeslaSim;
beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, seed: 1, clock: 'manual', routine: false });
});
afterEach(async () => {
  await sim.close();
});

const simNow = () => sim.clock.now().getTime();
function must<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}
const car = (vin: string) => must(sim.vehicles().find((v) => v.vin === vin));
const onlineVin = () => must(sim.vehicles().find((v) => v.state === 'online')).vin;

async function client(o: { proxy?: boolean } = {}): Promise<FleetApiClient> {
  const issued = await sim.issueTokens({ scopes: [...DEFAULT_SCOPES] });
  const store = new InMemoryTokenStore();
  store.set('c', {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    expiresAt: new Date(simNow() + issued.expiresIn * 1000),
  });
  const tokens = new TokenManager({
    oauth: { refresh: () => Promise.reject(new Error('no refresh')) },
    store,
    now: simNow,
  });
  return new FleetApiClient({
    connectionId: 'c',
    tokens,
    baseUrl: sim.regionBaseUrl('na'),
    // Without the proxy, "the proxy" is the regional host: the command goes unsigned.
    proxyUrl: o.proxy === false ? sim.regionBaseUrl('na') : sim.oauth.proxyUrl,
    sleep: async () => {},
    retry: { maxRetries: 0 },
    now: simNow,
  });
}

describe('signed commands', () => {
  it('refuses an unsigned command for a car that requires the Vehicle Command Protocol (403), and takes it through the proxy', async () => {
    const vin = onlineVin();
    const unsigned = await client({ proxy: false });
    const refused = await unsigned.command(vin, 'door_unlock').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TeslaForbiddenError);
    expect((refused as TeslaApiError).error).toBe(PROTOCOL_REQUIRED);
    expect(car(vin).locked).toBe(true);

    expect(await (await client()).command(vin, 'door_unlock')).toEqual({ result: true, reason: '' });
    expect(car(vin).locked).toBe(false);
  });

  it('turns down a signed command for a car whose key is not paired, and answers 408 for an asleep car', async () => {
    const c = await client();
    const vin = onlineVin();
    sim.control.pairKey(vin, false);
    expect((await c.command(vin, 'flash_lights')).result).toBe(false);
    sim.control.pairKey(vin, true);
    sim.faults.inject({ kind: 'asleep', vin });
    await expect(c.command(vin, 'flash_lights')).rejects.toBeInstanceOf(TeslaVehicleUnavailableError);
  });

  it('answers commands with the injected faults of the rest of its API', async () => {
    const c = await client();
    const vin = onlineVin();
    sim.faults.inject({ kind: 'server_error', vin, times: 1 });
    await expect(c.command(vin, 'honk_horn')).rejects.toBeInstanceOf(TeslaServerError);
    expect((await c.command(vin, 'honk_horn')).result).toBe(true);
  });
});

describe('driver invitations', () => {
  it('creates a single-use 24 h share link; accepting it makes a driver; revoking removes them', async () => {
    const c = await client();
    const vin = must(sim.vehicles()[0]).vin;
    const invitation = await c.createInvitation(vin);
    expect(invitation.shareLink).toMatch(/^https:\/\/www\.tesla\.com\/_rs\/1\/[\w-]+$/);
    expect(invitation.state).toBe('pending');
    expect(Date.parse(invitation.expiresAt) - simNow()).toBe(24 * 3_600_000);
    // Invitations do not need the car awake.
    sim.faults.inject({ kind: 'asleep', vin });
    expect(await c.listInvitations(vin)).toEqual([invitation]);

    const accepted = sim.control.acceptInvitation(invitation.shareLink, 'Rita Renter');
    expect(accepted.ok).toBe(true);
    expect(sim.control.acceptInvitation(invitation.shareLink)).toEqual({ ok: false, reason: 'used' });
    const drivers = await c.listDrivers(vin);
    expect(drivers).toEqual([
      { shareUserId: accepted.ok ? accepted.driver.shareUserId : '', name: 'Rita Renter' },
    ]);
    expect((await c.listInvitations(vin))[0]?.state).toBe('accepted');

    await c.revokeInvitation(vin, invitation.id);
    expect(await c.listDrivers(vin)).toEqual([]);
    expect((await c.listInvitations(vin))[0]?.state).toBe('revoked');
  });

  it('expires a link not accepted within 24 h', async () => {
    const c = await client();
    const vin = must(sim.vehicles()[0]).vin;
    const invitation = await c.createInvitation(vin);
    sim.clock.advance(24 * 3_600_000);
    expect(sim.control.acceptInvitation(invitation.shareLink)).toEqual({ ok: false, reason: 'expired' });
    // (A fresh token: the first one has expired meanwhile.)
    expect((await (await client()).listInvitations(vin))[0]?.state).toBe('expired');
  });

  it('holds at most five drivers: a sixth invitation is refused, and removing a driver makes room', async () => {
    const c = await client();
    const vin = must(sim.vehicles()[1]).vin;
    for (let i = 0; i < 5; i++) {
      const link = (await c.createInvitation(vin)).shareLink;
      expect(sim.control.acceptInvitation(link, `Driver ${i}`).ok).toBe(true);
    }
    const pending = await c.createInvitation(vin).catch((e: unknown) => e);
    expect(isMaxDriversError(pending)).toBe(true);
    expect((pending as TeslaApiError).status).toBe(400);
    expect(car(vin).drivers).toBe(5);

    const [first] = await c.listDrivers(vin);
    await c.removeDriver(vin, must(first).shareUserId);
    expect(await c.listDrivers(vin)).toHaveLength(4);
    const link = (await c.createInvitation(vin)).shareLink;
    expect(sim.control.acceptInvitation(link).ok).toBe(true);
    expect(car(vin).drivers).toBe(5);
  });

  it('refuses a driver removal without share_user_id (400) and an unknown one (404)', async () => {
    const api = fleetApi(sim, (await sim.issueTokens()).accessToken);
    const vin = must(sim.vehicles()[0]).vin;
    expect((await api('DELETE', `/api/1/vehicles/${vin}/drivers`)).status).toBe(400);
    expect((await api('DELETE', `/api/1/vehicles/${vin}/drivers?share_user_id=42`)).status).toBe(404);
    expect((await api('POST', `/api/1/vehicles/${vin}/invitations/42/revoke`)).status).toBe(404);
  });

  it('answers invitations with the same faults as the rest of the API', async () => {
    const c = await client();
    const vin = must(sim.vehicles()[0]).vin;
    sim.faults.inject({ kind: 'server_error', vin, times: 1 });
    await expect(c.createInvitation(vin)).rejects.toBeInstanceOf(TeslaServerError);
    expect(await c.listInvitations(vin)).toEqual([]);
  });
});

describe('speed limit mode', () => {
  it('sets a limit, activates with a PIN, caps the speed while driving, and deactivates only with that PIN', async () => {
    const c = await client();
    const vin = onlineVin();
    expect(await c.command(vin, 'speed_limit_set_limit', { limit_mph: 50 })).toEqual({
      result: true,
      reason: '',
    });
    expect((await c.command(vin, 'speed_limit_set_limit', { limit_mph: 30 })).result).toBe(false);
    expect((await c.command(vin, 'speed_limit_activate', { pin: '12' })).result).toBe(false);
    expect((await c.command(vin, 'speed_limit_activate', { pin: '4321' })).result).toBe(true);
    expect(car(vin).speedLimit).toEqual({ active: true, limitMph: 50, pinSet: true });
    // While active the limit cannot be changed.
    expect(await c.command(vin, 'speed_limit_set_limit', { limit_mph: 80 })).toEqual({
      result: false,
      reason: 'speed limit mode is active',
    });

    sim.control.drive(vin, 60);
    for (let i = 0; i < 40; i++) {
      sim.clock.advance(30_000);
      expect(car(vin).speedMph).toBeLessThanOrEqual(50);
    }
    sim.control.park(vin);

    expect(await c.command(vin, 'speed_limit_deactivate', { pin: '0000' })).toEqual({
      result: false,
      reason: 'incorrect pin',
    });
    expect(car(vin).speedLimit.active).toBe(true);
    expect((await c.command(vin, 'speed_limit_deactivate', { pin: '4321' })).result).toBe(true);
    expect(car(vin).speedLimit.active).toBe(false);
    expect((await c.command(vin, 'speed_limit_clear_pin', { pin: '1111' })).result).toBe(false);
    expect((await c.command(vin, 'speed_limit_clear_pin', { pin: '4321' })).result).toBe(true);
    expect(car(vin).speedLimit.pinSet).toBe(false);
  });
});

describe('charging and cabin', () => {
  it('charges a plugged-in car toward a raised limit and stops there', async () => {
    const c = await client();
    const vin = onlineVin();
    sim.control.plugIn(vin);
    await c.command(vin, 'charge_stop');
    await c.command(vin, 'set_charge_limit', { percent: 100 });
    expect((await c.command(vin, 'charge_start')).result).toBe(true);
    const before = car(vin).batteryLevel;
    sim.clock.advance(3_600_000);
    expect(car(vin).batteryLevel).toBeGreaterThan(before);
    expect(car(vin).chargingState).toBe('Charging');
    await c.command(vin, 'set_charge_limit', { percent: 50 });
    sim.clock.advance(60_000);
    expect(car(vin).chargingState).toBe('Complete');
  });

  it('drifts the cabin to the outside temperature, and toward the set point with climate on', async () => {
    const vin = onlineVin();
    sim.control.setOutsideTemp(vin, -5);
    for (let i = 0; i < 12; i++) sim.clock.advance(5 * 60_000);
    expect(car(vin).insideTempC).toBeLessThan(0);
    // Idle for an hour, the car fell asleep: wake it first, as the app does.
    const c = await client();
    await c.wakeUp(vin);
    sim.clock.advance(35_000);
    expect((await c.command(vin, 'auto_conditioning_start')).result).toBe(true);
    for (let i = 0; i < 12; i++) sim.clock.advance(5 * 60_000);
    expect(car(vin).climateOn).toBe(true);
    expect(car(vin).insideTempC).toBeGreaterThan(19);
  });
});
