// Shared by `npm start` and `npm test`: make a fresh clone runnable without a separate install step.
// Uses only Node built-ins, because it runs before the dependencies exist.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (mtime(installed) >= mtime(join(root, 'package-lock.json'))) return;
  process.stdout.write('Installing dependencies (npm ci)…\n');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sourceDirs = () =>
  ['packages', 'services', 'apps/server/src']
    .map((d) => join(root, d))
    .concat(join(root, 'package-lock.json'));

/** Builds the web app and the server bundles when they are missing or older than their sources. */
export function ensureBuilt({ force = false } = {}) {
  const webBuilt = mtime(join(root, 'apps/web/dist/index.html'));
  const webSources = Math.max(
    newestSource(join(root, 'apps/web/src')),
    newestSource(join(root, 'apps/web/public')),
    mtime(join(root, 'apps/web/index.html')),
    mtime(join(root, 'apps/web/vite.config.ts')),
    newestSource(join(root, 'packages/contracts/src')),
  );
  if (force || webBuilt < webSources) {
    process.stdout.write('Building the web app…\n');
    run('npm', ['run', 'build', '-w', '@cybertacotruck/web']);
  }
  const serverBuilt = mtime(join(root, 'apps/server/dist/.build-stamp'));
  const serverSources = Math.max(...sourceDirs().map((d) => newestSource(d)));
  if (force || serverBuilt < serverSources) run('node', ['scripts/build-server.mjs']);
}
