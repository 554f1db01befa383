import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type AuthorizeResponse,
  type LiveFleet,
  type SyncReport,
  type TeslaConnectionList,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { asOperator, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService } from './index';
import { standaloneTesla } from './standalone';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The simulator as its own process (`npm run tesla-sim`), on `port`; resolves once it is ready. */
async function startSimulatorProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/tesla-sim/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, TESLA_SIM_PORT: String(port), TESLA_SIM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('tesla-sim is ready at')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`tesla-sim exited with ${String(code)}:\n${output}`));
    });
  });
  return child;
}

// The inventory service as its own main.ts composes it (standaloneTesla), with a Tesla simulator
// running as another process and known only by TESLA_SIMULATOR_URL: used over HTTP, as Tesla is.
describe('the inventory service alone, with a simulator at TESLA_SIMULATOR_URL', { timeout: 90_000 }, () => {
  let simulator: ChildProcess | undefined;
  let simUrl = '';
  const inventory = createInventoryService({ tesla: standaloneTesla });
  const apps: TestApp[] = [];
  const appWith = async (engine: (typeof TEST_ENGINES)[number]) => {
    const t = await createTestApp(engine, [principalStub, inventory], {
      TESLA_SIMULATOR_URL: simUrl,
      TESLA_SYNC: 'false',
    });
    apps.push(t);
    return t;
  };
  const authorize = (t: TestApp) =>
    t.app.inject({ headers: asOperator, method: 'POST', url: '/api/v1/tesla/connections/authorize' });

  beforeAll(async () => {
    simUrl = `http://127.0.0.1:${await freePort()}`;
  });
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.dispose()));
    if (simulator && simulator.exitCode === null) {
      const exited = once(simulator, 'exit');
      simulator.kill('SIGTERM');
      await exited;
    }
  });

  it('answers 503 tesla-unavailable until the simulator is up, then uses it (it may start after inventory)', async () => {
    const t = await appWith('pglite');
    const early = await authorize(t);
    expect(early.statusCode).toBe(503);
    expect(early.json<{ type: string }>().type).toBe(ProblemTypes.teslaUnavailable);

    simulator = await startSimulatorProcess(Number(new URL(simUrl).port));
    const later = await authorize(t);
    expect(later.statusCode, later.body).toBe(200);
    const { authorizeUrl, mode } = later.json<AuthorizeResponse>();
    expect(mode).toBe('simulator');
    expect(new URL(authorizeUrl).origin).toBe(simUrl);
  });

  it.each(TEST_ENGINES)(
    'connects the simulated fleet through the sign-in pages and imports it, on %s',
    async (engine) => {
      if (!simulator) throw new Error('the simulator did not start');
      const t = await appWith(engine);
      const { authorizeUrl } = (await authorize(t)).json<AuthorizeResponse>();
      const back = await signInThroughPages(authorizeUrl);
      const callback = await t.app.inject({
        headers: asOperator,
        url: `/api/v1/tesla/callback${back.search}`,
      });
      expect(callback.statusCode).toBe(302);
      expect(callback.headers.location).toMatch(/^\/operator\/tesla\?connected=[\w-]+&imported=8$/);

      const list = (
        await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/connections' })
      ).json<TeslaConnectionList>();
      expect(list.mode).toBe('simulator');
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({ status: 'connected', region: 'na', vehicleCount: 8 });

      const fleet = (
        await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })
      ).json<LiveFleet>();
      expect(fleet.items).toHaveLength(8);
      for (const item of fleet.items)
        expect(['online', 'asleep', 'offline']).toContain(item.live?.connectivity);

      // The sync reads the simulator's Fleet API with the sealed tokens, as it would Tesla's.
      const sync = await t.app.inject({
        headers: asOperator,
        method: 'POST',
        url: `/api/v1/tesla/connections/${list.items[0]?.id ?? ''}/sync`,
      });
      expect(sync.statusCode).toBe(200);
      expect(sync.json<SyncReport>()).toMatchObject({ listed: true });
      expect(sync.json<SyncReport>().error).toBeUndefined();
    },
  );
});
