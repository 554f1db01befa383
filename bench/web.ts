/**
 * `npm run bench:web`: how fast the web app's first load is, as Lighthouse 12.2.3 sees it on a
 * phone (its default mobile profile: a mid-range phone, simulated slow 4G and 4× CPU slowdown).
 *
 * Needs `npm run build` first (it builds nothing). Starts the built app as `npm start` does, on a
 * temporary data directory; adds priced cars and registers a customer (invited by the demo
 * operator, code from the dev inbox) over the API; then runs Lighthouse (performance only) with
 * Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH; never a downloaded browser) 3 times on
 * `/`, `/sign-in` and `/browse` signed in as that customer, and prints each page's median score,
 * LCP, TBT, FCP and CLS next to the target (performance ≥ 90). It also prints the customer area's
 * initial JavaScript (gzip and brotli, from the build's manifest: the entry and what it imports,
 * plus the page's own chunk) against its target (≤ 150 KB gzip), and the script bytes Lighthouse
 * saw on the wire. It exits 0 when a target is missed: it is a report.
 *
 * Options (after `--`): `--runs 3`, `--pages /,/sign-in,/browse`, `--trace` (also writes each page's
 * last trace, with the V8 CPU profiler's samples, to `.artifacts/bench-web_<page>.trace.json`: open
 * it in Chromium's Performance panel to see what a long task ran). The profiler slows the page
 * (TBT rose 30-100% here): scores of a `--trace` run are not comparable with others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { chromium as playwright } from 'playwright-core';
import { repoRoot, SERVER_BUNDLE, startApp, type AppProcess } from '../e2e/support/app-process';
import { seedCustomerAndCars } from '../e2e/support/api-journey';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const RUNS = Number(arg('runs', '3'));
const PAGES = arg('pages', '/,/sign-in,/browse').split(',');
const TRACE = process.argv.includes('--trace');
const SIGNED_IN = new Set(['/browse']);
const SCORE_TARGET = 90;
const INITIAL_JS_TARGET = 150 * 1024;

const LIGHTHOUSE_VERSION = (
  JSON.parse(readFileSync(join(repoRoot, 'node_modules/lighthouse/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const WEB_DIST = join(repoRoot, 'apps/web/dist');
const MANIFEST = join(repoRoot, '.artifacts/web-build/.vite/manifest.json');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
}

/** The files a page needs before it can render: the entry and its static imports, the page's chunk and its. */
function initialFiles(manifest: Record<string, ManifestChunk>, pageSource?: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry) throw new Error(`${MANIFEST} has no entry chunk`);
  visit(entry);
  if (pageSource && manifest[pageSource]) visit(pageSource);
  return [...seen].map((k) => manifest[k]?.file ?? k).filter((f) => f.endsWith('.js'));
}

/** Bytes of a file as sent: raw, gzip and brotli at the build's settings (small files have no .gz/.br on disk). */
function sizesOf(file: string): { raw: number; gzip: number; brotli: number } {
  const body = readFileSync(file);
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The route's lazily loaded chunk (apps/web/src/app/router.tsx); `/` and `/sign-in` are in the entry. */
const PAGE_SOURCES: Record<string, string | undefined> = {
  '/': undefined,
  '/sign-in': undefined,
  '/browse': 'src/app/routes/browse.tsx',
};

function initialJs(page: string): { files: number; raw: number; gzip: number; brotli: number } {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>;
  const files = initialFiles(manifest, PAGE_SOURCES[page]).map((f) => sizesOf(join(WEB_DIST, f)));
  const total = (key: 'raw' | 'gzip' | 'brotli') => files.reduce((sum, f) => sum + f[key], 0);
  return { files: files.length, raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') };
}

/** Debian's Chromium with a DevTools port for Lighthouse; resolves with the port. */
async function startChromium(profile: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`Chromium did not open its DevTools port:\n${output}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${String(code)}:\n${output}`));
    });
  });
  return { port, child };
}

interface Run {
  score: number;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  cls: number;
  scriptBytes: number;
  /** Lighthouse's measure of this machine's CPU at the time (a mid-range phone is ~500-1000). */
  benchmarkIndex: number;
}

async function audit(url: string, port: number, cookie: string | undefined): Promise<Run> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    ...(TRACE ? { additionalTraceCategories: 'disabled-by-default-v8.cpu_profiler' } : {}),
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new RunError(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
  // The last run's whole report per page, to see what a score is made of.
  mkdirSync(join(repoRoot, '.artifacts'), { recursive: true });
  const artifact = join(repoRoot, '.artifacts', `bench-web${new URL(url).pathname.replace(/\//g, '_')}`);
  writeFileSync(`${artifact}.lhr.json`, JSON.stringify(lhr));
  if (TRACE) writeFileSync(`${artifact}.trace.json`, JSON.stringify(result.artifacts.Trace));
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const requests =
    (lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items ?? [];
  const scriptBytes = (requests as { resourceType?: string; transferSize?: number }[])
    .filter((r) => r.resourceType === 'Script')
    .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  return {
    score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    fcpMs: numeric('first-contentful-paint'),
    cls: numeric('cumulative-layout-shift'),
    scriptBytes,
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

/**
 * Each page must render before it is scored: a build whose JavaScript throws (a bad chunk order,
 * say) paints only index.html's static top bar, and Lighthouse scores that blank page near 100
 * (no long tasks). Loads each page once in the same Chromium, waits for its heading in <main>
 * and fails on any uncaught error.
 */
async function checkRenders(base: string, port: number, cookie: string | undefined): Promise<void> {
  const browser = await playwright.connectOverCDP(`http://127.0.0.1:${String(port)}`);
  try {
    for (const page of PAGES) {
      // As Lighthouse sees it: signed in only where the page is scored signed in.
      const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
      if (cookie && SIGNED_IN.has(page)) {
        const pair = cookie.split(';')[0] ?? '';
        const at = pair.indexOf('=');
        await context.addCookies([{ name: pair.slice(0, at), value: pair.slice(at + 1), url: base }]);
      }
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(`${base}${page}`);
      const heading = tab.locator('main h1');
      const shown = await heading
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
      if (errors.length > 0 || !shown)
        throw new Error(
          `bench:web: ${page} does not render (${errors.length > 0 ? `uncaught: ${errors.join('; ')}` : 'no heading in <main> after 30 s'}): nothing to score.`,
        );
      await context.close();
    }
  } finally {
    // Disconnects only: the Chromium is Lighthouse's, started by this script.
    await browser.close();
  }
}

/** A run Lighthouse itself could not record (NO_NAVSTART and the like on a busy machine): run it again. */
class RunError extends Error {}

async function auditWithRetries(url: string, port: number, cookie: string | undefined): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(url, port, cookie);
    } catch (error) {
      if (!(error instanceof RunError) || attempt >= 3) throw error;
      console.log(`  (${error.message}; again)`);
    }
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'NOT met');

async function main(): Promise<void> {
  for (const [what, path] of [
    ['the web app', join(WEB_DIST, 'index.html')],
    ['its build manifest', MANIFEST],
    ['the server bundle', join(repoRoot, SERVER_BUNDLE)],
  ] as const) {
    if (!existsSync(path)) {
      console.error(`bench:web: ${what} is not built (${path} is missing): run npm run build first.`);
      process.exit(1);
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ctt-bench-web-'));
  const profile = mkdtempSync(join(tmpdir(), 'ctt-bench-web-chromium-'));
  let app: AppProcess | undefined;
  let chromium: ChildProcess | undefined;
  try {
    // A shared machine may take a while to start it: wait up to 5 minutes.
    app = await startApp({ DATA_DIR: dataDir });
    const { customer } = await seedCustomerAndCars(app.url, {
      cars: 6,
      phone: '+12025550199',
      vinPrefix: '7SAYGDEE1PB',
    });
    const started = await startChromium(profile);
    chromium = started.child;
    await checkRenders(app.url, started.port, customer.cookie);

    console.log(
      `bench:web — Lighthouse ${LIGHTHOUSE_VERSION} mobile, ${String(RUNS)} runs per page, median; ${app.url}`,
    );
    // Lighthouse multiplies the main thread's time by 4: another process on the CPU moves a score
    // by 10 points or more. Said before the runs, so a busy machine's figures are not taken as
    // the page's.
    const [loadAverage] = loadavg();
    if (loadAverage !== undefined && loadAverage > 0.75 * availableParallelism())
      console.log(
        `WARNING: load average ${loadAverage.toFixed(2)} on ${String(availableParallelism())} CPUs: something else is running; these scores are not a measure of the page.`,
      );
    const results: Record<string, { runs: Run[]; median: Run; initialJs: ReturnType<typeof initialJs> }> = {};
    for (const page of PAGES) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await auditWithRetries(
          `${app.url}${page}`,
          started.port,
          SIGNED_IN.has(page) ? customer.cookie : undefined,
        );
        runs.push(run);
        console.log(
          `  ${page.padEnd(9)} run ${String(i + 1)}: ${String(run.score)} (LCP ${(run.lcpMs / 1000).toFixed(2)} s, TBT ${run.tbtMs.toFixed(0)} ms, benchmarkIndex ${run.benchmarkIndex.toFixed(0)})`,
        );
      }
      const byScore = [...runs].sort((a, b) => a.score - b.score);
      const mid = byScore[Math.floor(byScore.length / 2)] as Run;
      results[page] = {
        runs,
        median: {
          score: median(runs.map((r) => r.score)),
          lcpMs: median(runs.map((r) => r.lcpMs)),
          tbtMs: median(runs.map((r) => r.tbtMs)),
          fcpMs: median(runs.map((r) => r.fcpMs)),
          cls: median(runs.map((r) => r.cls)),
          scriptBytes: mid.scriptBytes,
          benchmarkIndex: median(runs.map((r) => r.benchmarkIndex)),
        },
        initialJs: initialJs(page),
      };
    }

    console.log(
      '\npage       score  target  LCP      FCP      TBT      CLS    scripts on the wire  initial JS gzip (br)',
    );
    for (const page of PAGES) {
      const r = results[page];
      if (!r) continue;
      const m = r.median;
      console.log(
        [
          page.padEnd(10),
          String(m.score).padStart(5),
          `  ≥ ${String(SCORE_TARGET)} ${verdict(m.score >= SCORE_TARGET).padEnd(7)}`,
          `${(m.lcpMs / 1000).toFixed(2)} s`.padEnd(8),
          `${(m.fcpMs / 1000).toFixed(2)} s`.padEnd(8),
          `${m.tbtMs.toFixed(0)} ms`.padEnd(8),
          m.cls.toFixed(3).padEnd(6),
          kb(m.scriptBytes).padEnd(20),
          `${kb(r.initialJs.gzip)} (${kb(r.initialJs.brotli)}), ${String(r.initialJs.files)} files`,
        ].join(' '),
      );
    }
    const load = PAGES.map((p) => results[p]?.median.benchmarkIndex ?? Number.NaN);
    console.log(
      `\nLighthouse benchmarkIndex (this machine's CPU during the runs): ${load.map((b) => b.toFixed(0)).join(', ')}; Lighthouse simulates a 4× slower phone from it, so a busy machine scores lower (TBT above all).`,
    );
    const customerInitial = Math.max(...PAGES.map((p) => results[p]?.initialJs.gzip ?? 0));
    console.log(
      `\ncustomer area's initial JS (largest of these pages, gzip): ${kb(customerInitial)} — target ≤ ${kb(INITIAL_JS_TARGET)}: ${verdict(customerInitial <= INITIAL_JS_TARGET)}`,
    );
    const out = join(repoRoot, '.artifacts', 'bench-web.json');
    mkdirSync(join(repoRoot, '.artifacts'), { recursive: true });
    writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), runs: RUNS, results }, null, 2));
    console.log(`every run: ${out}`);
  } finally {
    chromium?.kill('SIGTERM');
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
