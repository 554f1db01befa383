// Start-up to ready, embedded mode: spawns the built app (as `npm start` runs it) and polls
// /health/ready until it answers 200. Cold = empty data dir (initdb + migrations); warm = data kept.
// Baseline in the same run: a bare Fastify hello-world process to the same "answers 200" point.
// Usage: npm run bench:startup [-- --runs 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const TARGET_MS = 3000;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function timeToReady(args, env, path) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1) };
};
const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;

const scratch = mkdtempSync(join(tmpdir(), 'ctt-bench-startup-'));
const hello = join(scratch, 'hello.mjs');
writeFileSync(
  hello,
  `import Fastify from '${join(root, 'node_modules/fastify/fastify.js')}';
   const app = Fastify(); app.get('/', async () => ({ hello: 'world' }));
   await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`,
);

const rows = [];
try {
  const baseline = [];
  for (let i = 0; i < runs; i++) baseline.push(await timeToReady([hello], {}, '/'));
  rows.push(['baseline: Fastify hello-world', stats(baseline)]);

  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = join(scratch, `data-${i}`);
    cold.push(await timeToReady(['apps/server/dist/main.js'], { DATA_DIR: dataDir }, '/health/ready'));
    warm.push(await timeToReady(['apps/server/dist/main.js'], { DATA_DIR: dataDir }, '/health/ready'));
    rmSync(dataDir, { recursive: true, force: true });
  }
  rows.push(['embedded app, first start (initdb + migrations)', stats(cold)]);
  rows.push(['embedded app, restart (data kept)', stats(warm)]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`start-up to ready, ${runs} runs each (median / min / max)`);
for (const [name, s] of rows)
  console.log(`  ${name.padEnd(48)} ${fmt(s.median)} ${fmt(s.min)} ${fmt(s.max)}`);
const warm = rows.at(-1)[1].median;
console.log(
  `target: restart under ${TARGET_MS} ms → ${warm < TARGET_MS ? 'met' : 'NOT met'} (${(warm / rows[0][1].median).toFixed(1)}x the hello-world baseline)`,
);
