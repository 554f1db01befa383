/**
 * Runs a PodRun here: as a podman container of the built image with the pod's restrictions, or —
 * where podman cannot run — as a process with the same command and environment (said loudly by
 * the caller; nothing is skipped).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PodRun } from './pods';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningPod {
  name: string;
  url: string;
  /** SIGTERM (as the kubelet sends it), waits up to the pod's grace period; the exit code. */
  stop(): Promise<number | null>;
  logs(): Promise<string>;
}

export interface PodRunner {
  kind: 'podman' | 'process';
  /** Runs to completion (a Job): exit code and output. */
  complete(pod: PodRun, args?: string[]): Promise<{ code: number | null; output: string }>;
  start(pod: PodRun, timeoutMs?: number): Promise<RunningPod>;
  /** What the runtime applied to a running pod (podman only), to check against the manifest. */
  restrictions?(name: string): Promise<ContainerRestrictions>;
  close(): void;
}

export interface ContainerRestrictions {
  readOnlyRootfs: boolean;
  capDrop: string[];
  securityOpt: string[];
  user: string;
  memoryBytes: number;
  networkMode: string;
}

/** Podman with the runc runtime (crun fails in this sandbox), as .ci/run configures it. */
export const PODMAN_BASE = [
  '--runtime',
  'runc',
  '--ulimit',
  'nofile=1024:1024',
  '--ulimit',
  'nproc=1024:1024',
];

/** Whether podman can run `image` here; the reason when not (for the loud fallback). */
export function podmanUsable(image: string): { ok: true } | { ok: false; reason: string } {
  const exists = spawnSync('podman', ['image', 'exists', image], { encoding: 'utf8' });
  if (exists.error) return { ok: false, reason: `podman is not installed (${exists.error.message})` };
  if (exists.status !== 0)
    return { ok: false, reason: `image ${image} is not built (deploy/image/build.sh)` };
  const probe = spawnSync(
    'podman',
    ['run', '--rm', ...PODMAN_BASE, '--network', 'host', '--entrypoint', 'node', image, '-e', '0'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (probe.status !== 0)
    return {
      ok: false,
      reason: `podman cannot run a container here: ${(probe.stderr || String(probe.error)).trim()}`,
    };
  return { ok: true };
}

const waitReady = async (url: string, exited: () => Promise<string | undefined>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = await exited();
    if (gone) throw new Error(gone);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

export function podmanRunner(image: string, label: string): PodRunner {
  const dir = mkdtempSync(join(tmpdir(), 'ctt-pods-'));
  chmodSync(dir, 0o700);
  const names = new Set<string>();
  const envFile = (pod: PodRun) => {
    const file = join(dir, `${pod.name}.env`);
    const lines = Object.entries(pod.env).map(([key, value]) => {
      if (/[\r\n]/.test(value)) throw new Error(`${pod.name}: ${key} holds a line break (env files cannot)`);
      return `${key}=${value}`;
    });
    // Secrets are in it: readable by root only, removed at close().
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return file;
  };
  const argsOf = (pod: PodRun, name: string) => [
    'run',
    ...PODMAN_BASE,
    '--name',
    name,
    '--network',
    'host',
    '--env-file',
    envFile(pod),
    // Kubernetes gives a read-only root nothing writable; podman would add tmpfs on /tmp and /run.
    ...(pod.readOnlyRootFilesystem ? ['--read-only', '--read-only-tmpfs=false'] : []),
    ...(pod.dropAllCapabilities ? ['--cap-drop=ALL'] : []),
    ...(pod.noNewPrivileges ? ['--security-opt', 'no-new-privileges'] : []),
    ...(pod.memory ? ['--memory', pod.memory] : []),
    '--entrypoint',
    pod.command[0] ?? 'node',
    image,
    ...pod.command.slice(1),
  ];
  const nameOf = (pod: PodRun) => `ctt-${label}-${pod.name}`;
  const logs = async (name: string) => {
    const { stdout, stderr } = await run('podman', ['logs', name], { maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: unknown) => ({ stdout: '', stderr: String(error) }),
    );
    return `${stdout}${stderr}`;
  };
  const inspect = async (name: string, format: string) =>
    (await run('podman', ['inspect', name, '--format', format])).stdout.trim();
  return {
    kind: 'podman',
    async complete(pod, args = []) {
      const name = `${nameOf(pod)}-${String(Date.now())}`;
      const child = spawn('podman', [...argsOf(pod, name), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      await run('podman', ['rm', '-f', name]).catch(() => undefined);
      return { code, output };
    },
    async start(pod, timeoutMs = 90_000) {
      const name = nameOf(pod);
      await run('podman', ['rm', '-f', name]).catch(() => undefined);
      names.add(name);
      const [, ...rest] = argsOf(pod, name);
      await run('podman', ['run', '-d', ...rest]);
      const url = `http://127.0.0.1:${String(pod.port)}`;
      await waitReady(
        `${url}${pod.readyPath ?? '/'}`,
        async () =>
          (await inspect(name, '{{.State.Running}}')) === 'true'
            ? undefined
            : `${pod.name} exited before it was ready:\n${(await logs(name)).slice(-8000)}`,
        timeoutMs,
      );
      return {
        name: pod.name,
        url,
        logs: () => logs(name),
        async stop() {
          await run('podman', ['stop', '-t', String(pod.terminationGracePeriodSeconds), name]);
          return Number(await inspect(name, '{{.State.ExitCode}}'));
        },
      };
    },
    async restrictions(podName) {
      const name = `ctt-${label}-${podName}`;
      const raw = JSON.parse(await inspect(name, '{{json .HostConfig}}')) as {
        ReadonlyRootfs: boolean;
        CapDrop: string[] | null;
        SecurityOpt: string[] | null;
        Memory: number;
        NetworkMode: string;
      };
      return {
        readOnlyRootfs: raw.ReadonlyRootfs,
        capDrop: raw.CapDrop ?? [],
        securityOpt: raw.SecurityOpt ?? [],
        memoryBytes: raw.Memory,
        networkMode: raw.NetworkMode,
        user: await inspect(name, '{{.Config.User}}'),
      };
    },
    close() {
      for (const name of names) spawnSync('podman', ['rm', '-f', name]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The same commands as processes of this machine's node, each with only PATH besides the pod's
 * environment. It cannot apply a read-only root, capabilities or a memory limit: the caller says so.
 */
export function processRunner(): PodRunner {
  const children = new Set<ReturnType<typeof spawn>>();
  const spawnPod = (pod: PodRun, args: string[] = []) => {
    const [first, ...rest] = pod.command;
    const child = spawn(
      first === 'node' ? process.execPath : (first ?? process.execPath),
      [...rest, ...args],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...pod.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    children.add(child);
    return { child, output: () => output };
  };
  return {
    kind: 'process',
    async complete(pod, args) {
      const { child, output } = spawnPod(pod, args);
      const [code] = (await once(child, 'exit')) as [number | null];
      return { code, output: output() };
    },
    async start(pod, timeoutMs = 90_000) {
      const { child, output } = spawnPod(pod);
      const url = `http://127.0.0.1:${String(pod.port)}`;
      await waitReady(
        `${url}${pod.readyPath ?? '/'}`,
        () =>
          Promise.resolve(
            child.exitCode === null && child.signalCode === null
              ? undefined
              : `${pod.name} exited before it was ready:\n${output().slice(-8000)}`,
          ),
        timeoutMs,
      );
      return {
        name: pod.name,
        url,
        logs: () => Promise.resolve(output()),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          const [code] = (await exited) as [number | null];
          return code;
        },
      };
    },
    close() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
