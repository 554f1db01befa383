import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ONE_CLIENT_LOAD_ENV } from '@cybertacotruck/platform/testing';
import { e2eStartTimeoutMs } from './start-timeout';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_BUNDLE = 'apps/server/dist/main.js';

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * How long to wait for a process's "ready" line: the one setting (E2E_START_TIMEOUT_MS, see
 * start-timeout.ts); a caller's own number is a floor, never less.
 */
const startTimeout = (floorMs?: number) => Math.max(floorMs ?? 0, e2eStartTimeoutMs());

/**
 * Runs a built bundle (`node <bundle>` in the repository root, `env` over this process's
 * environment) and waits for its "is ready at" line. `label` names it in errors. Serves startApp
 * and the distributed tests' startServiceProcess. `minTimeoutMs` only raises the one setting.
 */
export async function startBundle(
  bundle: string,
  env: Record<string, string>,
  label: string,
  minTimeoutMs?: number,
): Promise<AppProcess> {
  const timeoutMs = startTimeout(minTimeoutMs);
  const child = spawn(process.execPath, [bundle], {
    cwd: repoRoot,
    env: {
      ...process.env,
      // The journeys and load tests send one customer's bursts from one address. A test may set them.
      ...ONE_CLIENT_LOAD_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${label} not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const match = /is ready at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${String(code)} before it was ready:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * Starts the built embedded app exactly as `npm start` runs it, on a free port, and waits for
 * its "ready at" line (E2E_START_TIMEOUT_MS; `minTimeoutMs`, kept for older callers, only raises
 * it). `env` replaces nothing the caller does not name.
 */
export function startApp(env: Record<string, string>, minTimeoutMs?: number): Promise<AppProcess> {
  // As `npm start` runs on a laptop: development mode (so the demo operator exists), any free port.
  return startBundle(
    SERVER_BUNDLE,
    { NODE_ENV: 'development', PORT: '0', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', ...env },
    'app',
    minTimeoutMs,
  );
}

/** Runs the bundle to completion (for start-up failures) and returns its exit code and output. */
export async function runApp(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVER_BUNDLE, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}
