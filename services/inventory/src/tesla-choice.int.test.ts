import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, type Env } from '@cybertacotruck/platform';
import { checkTeslaConfig, chooseTesla, inventoryService } from './index';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The ConfigError's problems, or a failure if `attempt` did not throw one. */
function problemsOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const standalone = { canStartSimulator: false };
const embedded = { canStartSimulator: true };
const none = { TESLA_CLIENT_ID: undefined, TESLA_SIMULATOR: false, TESLA_SIMULATOR_URL: undefined };

describe('which Tesla a process talks to', () => {
  it('uses Tesla whenever TESLA_CLIENT_ID is set, in every environment', () => {
    for (const NODE_ENV of ['development', 'production', 'test'] as const)
      for (const host of [standalone, embedded])
        expect(chooseTesla({ ...none, NODE_ENV, TESLA_CLIENT_ID: 'app' }, host)).toEqual({ kind: 'tesla' });
  });

  it('uses a simulator at TESLA_SIMULATOR_URL outside production, and in production only when asked', () => {
    const url = 'http://tesla-sim:4400';
    expect(chooseTesla({ ...none, NODE_ENV: 'development', TESLA_SIMULATOR_URL: url }, standalone)).toEqual({
      kind: 'simulator-url',
      url,
    });
    expect(
      problemsOf(() =>
        chooseTesla({ ...none, NODE_ENV: 'production', TESLA_SIMULATOR_URL: url }, standalone),
      ),
    ).toMatch(/TESLA_SIMULATOR_URL is set in production without TESLA_SIMULATOR=true/);
    expect(
      chooseTesla(
        { ...none, NODE_ENV: 'production', TESLA_SIMULATOR_URL: url, TESLA_SIMULATOR: true },
        standalone,
      ),
    ).toEqual({ kind: 'simulator-url', url });
  });

  it('the service alone refuses to start with no Tesla, in development too: it never starts a simulator', () => {
    for (const NODE_ENV of ['development', 'production'] as const)
      expect(problemsOf(() => chooseTesla({ ...none, NODE_ENV }, standalone))).toMatch(
        /no Tesla is configured: set TESLA_CLIENT_ID .* or TESLA_SIMULATOR_URL/,
      );
    expect(
      problemsOf(() => chooseTesla({ ...none, NODE_ENV: 'production', TESLA_SIMULATOR: true }, standalone)),
    ).toMatch(/TESLA_SIMULATOR=true needs TESLA_SIMULATOR_URL/);
  });

  it('the embedded host starts its simulator outside production, and in production only when asked', () => {
    expect(chooseTesla({ ...none, NODE_ENV: 'development' }, embedded)).toEqual({ kind: 'simulator-here' });
    expect(problemsOf(() => chooseTesla({ ...none, NODE_ENV: 'production' }, embedded))).toMatch(
      /NODE_ENV=production and no Tesla is configured: .* or TESLA_SIMULATOR=true/,
    );
    expect(chooseTesla({ ...none, NODE_ENV: 'production', TESLA_SIMULATOR: true }, embedded)).toEqual({
      kind: 'simulator-here',
    });
  });

  it('refuses Tesla and a simulator at once', () => {
    for (const both of [{ TESLA_SIMULATOR: true }, { TESLA_SIMULATOR_URL: 'http://tesla-sim:4400' }])
      expect(
        problemsOf(() =>
          chooseTesla({ ...none, ...both, NODE_ENV: 'development', TESLA_CLIENT_ID: 'app' }, embedded),
        ),
      ).toMatch(/both set/);
  });

  it('reports every bad key before the Tesla rule', () => {
    const problems = problemsOf(() =>
      checkTeslaConfig(
        [inventoryService],
        { NODE_ENV: 'production', TESLA_SIMULATOR_URL: 'not a url' },
        standalone,
      ),
    );
    expect(problems).toMatch(/TESLA_SIMULATOR_URL: got "not a url"/);
  });
});

/** Runs the inventory service's own entry point (as its bundle would run) until it exits. */
async function runInventoryMain(env: Env): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TESLA_') && key !== 'KAFKA_BROKERS'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/inventory/src/main.ts'], {
    cwd: repoRoot,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

// tsx compiles the whole service first: seconds on a busy machine.
describe('the inventory service alone (services/inventory/src/main.ts)', { timeout: 90_000 }, () => {
  it('refuses to start in production without Tesla configuration, saying what to set', async () => {
    const { code, output } = await runInventoryMain({ NODE_ENV: 'production' });
    expect(code, output).toBe(78);
    expect(output).toContain('inventory: Invalid configuration');
    expect(output).toMatch(/no Tesla is configured: set TESLA_CLIENT_ID .* or TESLA_SIMULATOR_URL/);
  });

  it('refuses a simulator in production unless TESLA_SIMULATOR=true asks for it', async () => {
    const { code, output } = await runInventoryMain({
      NODE_ENV: 'production',
      TESLA_SIMULATOR_URL: 'http://127.0.0.1:9',
    });
    expect(code, output).toBe(78);
    expect(output).toMatch(/TESLA_SIMULATOR_URL is set in production without TESLA_SIMULATOR=true/);
  });
});
