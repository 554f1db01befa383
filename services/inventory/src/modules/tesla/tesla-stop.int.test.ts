import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeResponse } from '@cybertacotruck/contracts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  BaseConfigSchema,
  parseConfig,
  SecretBox,
  startProcess,
  type RunningProcess,
} from '@cybertacotruck/platform';
import { asOperator, principalStub } from '@cybertacotruck/platform/testing';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService, noTelemetry } from '../../index';
import { simulatorEndpoints } from './tesla-port';

/**
 * A real HTTP server in front of the simulator: it forwards every request until `hang` is set, then
 * takes requests and never answers them (a Fleet API host that stopped talking).
 */
async function startHangSwitch(target: string) {
  const state = { hang: false, hung: 0 };
  const server: Server = createServer((req, res) => {
    if (state.hang) {
      state.hung++;
      return;
    }
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// The overrun seen in CI: a process stop waited for a Tesla call (a hung request, or a Retry-After
// of up to 60 s). The process's stop signal reaches the Fleet API transport: the worker's wait ends
// at once, and nothing is reported as a failure.
describe.each(TEST_ENGINES)('stopping while Tesla hangs on %s', (engine) => {
  let simulator: TeslaSim;
  let hangSwitch: Awaited<ReturnType<typeof startHangSwitch>>;
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let running: RunningProcess | undefined;
  const key = SecretBox.generateKey();
  const lines: string[] = [];

  const start = async (env: Record<string, string>) => {
    const all: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      SECRET_KEYS: `test:${key}`,
      SHUTDOWN_GRACE_MS: '20000',
      ...(database?.target.kind === 'postgres' ? { DATABASE_URL: database.target.url } : {}),
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      ...env,
    };
    const inventory = createInventoryService({
      tesla: async (_ctx, config) => ({
        port: {
          mode: 'simulator',
          endpoints: async () =>
            simulatorEndpoints(simulator.oauth, config, (url) =>
              url.startsWith(simulator.url) ? hangSwitch.url + url.slice(simulator.url.length) : url,
            ),
        },
        telemetry: noTelemetry,
      }),
    });
    return startProcess({
      config: parseConfig(BaseConfigSchema, all),
      services: [principalStub, inventory],
      processName: 'inventory',
      env: all,
      logStream: { write: (line) => void lines.push(line) },
    });
  };

  beforeAll(async () => {
    simulator = await startTeslaSim();
    hangSwitch = await startHangSwitch(simulator.url);
    if (engine === 'postgres') database = await createTestDatabase('postgres');
    else dataDir = mkdtempSync(join(tmpdir(), 'ctt-tesla-stop-'));
    // Connected once, with the sync off: the account and its cars are in the database.
    running = await start({ TESLA_SYNC: 'false' });
    const begin = await fetch(`${running.url}/api/v1/tesla/connections/authorize`, {
      method: 'POST',
      headers: asOperator,
    });
    const { authorizeUrl } = (await begin.json()) as AuthorizeResponse;
    const back = await signInThroughPages(authorizeUrl);
    const callback = await fetch(`${running.url}/api/v1/tesla/callback${back.search}`, {
      headers: asOperator,
      redirect: 'manual',
    });
    expect(new URL(callback.headers.get('location') ?? '', running.url).searchParams.get('error')).toBeNull();
    await running.close();
    running = undefined;
  });

  afterAll(async () => {
    await running?.close();
    await hangSwitch.close();
    await simulator.close();
    await database?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("stops at once while the sync worker's request hangs, and reports no failure", async () => {
    hangSwitch.state.hang = true;
    lines.length = 0;
    // Started again with the sync on: its first pass lists the vehicles, and that request hangs.
    running = await start({ TESLA_SYNC: 'true', TESLA_SYNC_TICK_MS: '100' });
    await expect.poll(() => hangSwitch.state.hung, { timeout: 10_000 }).toBeGreaterThan(0);
    const started = performance.now();
    await running.close();
    const took = performance.now() - started;
    running = undefined;
    // Before: the request's own 30 s timeout, then retries with backoff.
    expect(took).toBeLessThan(1_000);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
    expect(logged.some((l) => l.msg === 'closed')).toBe(true);
  });
});
