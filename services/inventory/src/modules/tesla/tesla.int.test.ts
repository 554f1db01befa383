import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  ProblemTypes,
  TeslaConnectionList,
  type AuthorizeResponse,
  type LiveFleet,
  type SyncReport,
  type UsageReport,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { SecretBox, SecretBoxError } from '@cybertacotruck/platform';
import {
  asCustomer,
  asOperator,
  createTestApp,
  principalStub,
  type TestApp,
} from '@cybertacotruck/platform/testing';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService, inProcessTelemetry, simulatedTesla } from '../../index';
import type { InventoryTables } from '../../tables';
import { VehiclesRepository } from '../vehicles/vehicles.repository';

// A simulator (real HTTP, its own port) stands in for Tesla, wired as the embedded host wires it:
// the simulated Tesla port, and its telemetry handed over in-process.
describe.each(TEST_ENGINES)('Tesla connection and live fleet on %s', (engine) => {
  const key = SecretBox.generateKey();
  let t: TestApp;
  let simulator: TeslaSim;
  let simUrl: string;

  beforeAll(async () => {
    simulator = await startTeslaSim();
    simUrl = simulator.url;
    const inventory = createInventoryService({
      tesla: async (_ctx, config) => ({
        port: simulatedTesla(simulator.oauth, config),
        telemetry: inProcessTelemetry(simulator.telemetry),
      }),
    });
    t = await createTestApp(engine, [principalStub, inventory], {
      TESLA_SYNC: 'false',
      SECRET_KEYS: `test:${key}`,
    });
  });
  afterAll(async () => {
    await t.dispose();
    await simulator.close();
  });

  const connections = async () =>
    (
      await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/connections' })
    ).json<TeslaConnectionList>();
  const callback = (url: URL) =>
    t.app.inject({ headers: asOperator, url: `/api/v1/tesla/callback${url.search}` });
  const outcome = (location: string | undefined) => new URL(location ?? '', 'http://app');
  const begin = async () => {
    const res = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/tesla/connections/authorize',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<AuthorizeResponse>();
    expect(new URL(body.authorizeUrl).origin).toBe(simUrl);
    return body;
  };
  const sim = (path: string, body?: unknown) =>
    fetch(`${simUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  it('answers only operators', async () => {
    for (const url of ['/api/v1/fleet/live', '/api/v1/tesla/connections', '/api/v1/tesla/usage']) {
      expect((await t.app.inject({ url })).statusCode).toBe(401);
      expect((await t.app.inject({ url, headers: asCustomer })).statusCode).toBe(403);
    }
    const authorize = await t.app.inject({ method: 'POST', url: '/api/v1/tesla/connections/authorize' });
    expect(authorize.statusCode).toBe(401);
  });

  it('refuses a callback with an unknown state and stores nothing', async () => {
    const res = await t.app.inject({
      headers: asOperator,
      url: '/api/v1/tesla/callback?code=abc&state=never-issued',
    });
    expect(res.statusCode).toBe(302);
    const to = outcome(res.headers.location);
    expect(to.pathname).toBe('/operator/tesla');
    expect(to.searchParams.get('error')).toBe(ProblemTypes.teslaSignInState);
    expect((await connections()).items).toEqual([]);
  });

  it('records nothing when the owner denies access', async () => {
    const { authorizeUrl } = await begin();
    const back = await signInThroughPages(authorizeUrl, { decision: 'deny' });
    const to = outcome((await callback(back)).headers.location);
    expect(to.searchParams.get('error')).toBe(ProblemTypes.teslaSignInDenied);
    expect((await connections()).items).toEqual([]);
  });

  const addLocation = async (name: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: asOperator,
      payload: {
        name,
        address: {
          lines: ['501 Congress Ave'],
          city: 'Austin',
          region: 'TX',
          postalCode: '78701',
          country: 'US',
        },
        coordinates: { lat: 30.2672, lng: -97.7431 },
        timeZone: 'America/Chicago',
        openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };

  it('connects through the sign-in pages with state + PKCE, seals the tokens, and imports the fleet', async () => {
    // The operator's one pickup location: imported cars are based there.
    const garage = await addLocation('Only garage');
    const { authorizeUrl, mode } = await begin();
    expect(mode).toBe('simulator');
    const params = new URL(authorizeUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('redirect_uri')).toMatch(/\/api\/v1\/tesla\/callback$/);

    const back = await signInThroughPages(authorizeUrl);
    const res = await callback(back);
    const to = outcome(res.headers.location);
    expect(to.searchParams.get('error')).toBeNull();
    expect(Number(to.searchParams.get('imported'))).toBe(8);

    const list = await connections();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: 'connected', region: 'na', vehicleCount: 8 });
    // The simulator's accounts are its own business (its sign-in page and /sim/accounts): the
    // operator's API says a simulator stands in, and carries no credentials.
    expect(list.mode).toBe('simulator');
    expect(Object.keys(TeslaConnectionList.properties).sort()).toEqual(['items', 'mode']);
    const password = simulator.accounts[0]?.password ?? 'unreachable';
    expect(JSON.stringify(list)).not.toContain(password);
    expect(JSON.stringify(list)).not.toMatch(/password/i);

    // At rest the tokens are AES-GCM envelopes naming their key; only the key opens them, bound to
    // their row and column, and the JWT inside appears nowhere in the stored text.
    const rows = await sql<{ id: string; a: string; r: string }>`
      select id, access_token_sealed as a, refresh_token_sealed as r from inventory.tesla_connection`.execute(
      t.db.kysely,
    );
    const box = SecretBox.fromKeyring(`test:${key}`);
    for (const row of rows.rows) {
      expect(row.a).toMatch(/^v1\.test\./);
      expect(row.r).toMatch(/^v1\.test\./);
      const access = box.open(row.a, `tesla_connection:${row.id}:access`);
      expect(access.split('.')).toHaveLength(3); // a JWT
      expect(row.a).not.toContain(access.split('.')[1]);
      expect(() => box.open(row.a, `tesla_connection:${row.id}:refresh`)).toThrow(SecretBoxError);
    }

    // The same code and state again: refused, and still exactly one connection.
    const replay = outcome((await callback(back)).headers.location);
    expect(replay.searchParams.get('error')).toBe(ProblemTypes.teslaSignInState);
    expect((await connections()).items).toHaveLength(1);

    const fleet = (await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })).json<LiveFleet>();
    expect(fleet.items).toHaveLength(8);
    expect(new Set(fleet.items.map((i) => i.vehicle.model))).toEqual(
      new Set(['model_3', 'model_y', 'model_s', 'model_x', 'cybertruck']),
    );
    for (const item of fleet.items)
      expect(['online', 'asleep', 'offline']).toContain(item.live?.connectivity);
    expect(fleet.items.map((i) => i.vehicle.homeLocationId)).toEqual(fleet.items.map(() => garage));

    // With two locations the operator chooses: a newly imported car gets no home; a known one
    // keeps its own.
    await addLocation('Second garage');
    const vehicles = new VehiclesRepository(t.db.kysely.withTables<InventoryTables>());
    const connectionId = list.items[0]?.id ?? '';
    const fresh = await vehicles.upsertFromTesla({
      vin: '5YJ3E1EA7KF0H0ME1',
      model: 'model_3',
      displayName: 'Second site car',
      color: null,
      trim: null,
      connectionId,
      teslaVehicleId: '999000111',
    });
    expect(fresh).toMatchObject({ created: true, record: { homeLocationId: null } });
    const known = fleet.items[0]?.vehicle;
    const again = await vehicles.upsertFromTesla({
      vin: known?.vin ?? '',
      model: known?.model ?? 'model_3',
      displayName: known?.displayName ?? '',
      color: null,
      trim: null,
      connectionId,
      teslaVehicleId: '999000112',
    });
    expect(again).toMatchObject({ created: false, record: { homeLocationId: garage } });
  });

  it('reads online cars, never wakes asleep ones, folds streamed telemetry in and meters the bill', async () => {
    const [connection] = (await connections()).items;
    if (!connection) throw new Error('no connection');
    // Start one car driving in the simulator (the owner drives it; nobody wakes it from here).
    const before = (await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })).json<LiveFleet>();
    const car = before.items[0]?.vehicle.vin ?? '';
    expect((await sim(`/sim/vehicles/${car}/drive`, { minutes: 30 })).status).toBe(204);
    // A second car whose telemetry is off: it can only be known by polling.
    const quiet = before.items[1]?.vehicle.vin ?? '';
    expect((await sim(`/sim/vehicles/${quiet}/streaming`, { on: false })).status).toBe(204);
    expect((await sim(`/sim/vehicles/${quiet}/drive`, { minutes: 30 })).status).toBe(204);
    expect((await sim('/sim/clock/advance', { ms: 60_000 })).status).toBe(200);

    const sync = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: `/api/v1/tesla/connections/${connection.id}/sync`,
    });
    expect(sync.statusCode).toBe(200);
    const report = sync.json<SyncReport>();
    expect(report.error).toBeUndefined();
    expect(report.listed).toBe(true);

    const fleet = (await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })).json<LiveFleet>();
    const online = fleet.items.filter((i) => i.live?.connectivity === 'online');
    const asleep = fleet.items.filter((i) => i.live?.connectivity === 'asleep');
    expect(online.map((i) => i.vehicle.vin)).toEqual(expect.arrayContaining([car, quiet]));
    expect(report.polled).toContain(quiet);
    // Every online car that does not stream yet was read once; every asleep car was left alone.
    for (const item of online) {
      if (item.live?.streaming) continue;
      expect(report.polled).toContain(item.vehicle.vin);
      expect(item.live?.batteryLevel).toEqual(expect.any(Number));
    }
    for (const item of asleep) expect(report.skipped[item.vehicle.vin ?? '']).toMatch(/never woken/);

    // The car streams as it drives on: live state follows with no further poll.
    const polledAt = fleet.items.find((i) => i.vehicle.vin === car)?.live?.dataAsOf;
    expect((await sim('/sim/clock/advance', { ms: 10 * 60_000 })).status).toBe(200);
    await expect
      .poll(
        async () => {
          const after = (
            await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })
          ).json<LiveFleet>();
          const live = after.items.find((i) => i.vehicle.vin === car)?.live;
          return live?.streaming === true && live.dataAsOf !== polledAt && live.activity;
        },
        { timeout: 10_000 },
      )
      .toBe('driving');

    const state = (await (await sim('/sim/state')).json()) as { wakesCaused: number };
    expect(state.wakesCaused).toBe(0);

    // Streamed signals are billed too; a sync pass persists what the meter counted.
    await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: `/api/v1/tesla/connections/${connection.id}/sync`,
    });
    const usage = (
      await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/usage?days=1' })
    ).json<UsageReport>();
    expect(usage.total.data).toBeGreaterThan(0);
    expect(usage.total.signal).toBeGreaterThan(0);
    expect(usage.total.wake).toBe(0);
    expect(usage.total.usd).toBeGreaterThan(0);
  });

  it('marks the connection as needing re-consent when the owner revokes access', async () => {
    const [connection] = (await connections()).items;
    if (!connection) throw new Error('no connection');
    expect((await sim('/sim/faults', { kind: 'revoked' })).status).toBe(204);
    await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: `/api/v1/tesla/connections/${connection.id}/sync`,
    });
    await expect.poll(async () => (await connections()).items[0]?.status).toBe('needs_reconsent');
    await sim('/sim/faults', {}).catch(() => undefined);
    await fetch(`${simUrl}/sim/faults`, { method: 'DELETE' });
  });

  it('answers 400 problem+json for a malformed sync id and 404 for an unknown one', async () => {
    const bad = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/tesla/connections/not-a-uuid/sync',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const unknown = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/tesla/connections/00000000-0000-4000-8000-000000000000/sync',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ type: string }>().type).toBe(ProblemTypes.teslaConnectionNotFound);
  });
});
