/**
 * What does tracking a fleet cost in Tesla Fleet API fees? Simulates 100 vehicles living a week of
 * their daily routine (trips, evening charging, sleep) and bills, for the project's sync policy
 * (the real inventory code with streaming) and for a naive poll-every-minute policy: billable
 * calls per vehicle-day by category, dollars per vehicle-month, wakes caused.
 *
 * Usage: npm run bench:tesla-cost [-- --days 7 --naive-hours 24 --fleet 100 --seed 7 --tick-seconds 60]
 * Always exits 0 when it could measure: it is a report, and says "NOT met" for a missed target.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { NaiveChildMessage } from './tesla-cost/naive-child';
import { runProjectPolicy } from './tesla-cost/project-run';
import { TARGETS, renderReport } from './tesla-cost/report';
import { seconds, type RunResult } from './tesla-cost/shared';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    'naive-hours': { type: 'string', default: '24' },
    fleet: { type: 'string', default: '100' },
    seed: { type: 'string', default: '7' },
    'tick-seconds': { type: 'string', default: '60' },
    'start-at': { type: 'string', default: '2026-11-02T06:00:00Z' },
  },
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer (got ${text})`);
  return n;
}

const days = positive('days', values.days);
const naiveHours = positive('naive-hours', values['naive-hours']);
const fleetSize = positive('fleet', values.fleet);
const seed = positive('seed', values.seed);
const tickSeconds = positive('tick-seconds', values['tick-seconds']);
const startAt = new Date(values['start-at']);
if (Number.isNaN(startAt.getTime())) throw new Error(`--start-at is not a date: ${values['start-at']}`);

const log = (line: string) => {
  process.stdout.write(`${line}\n`);
};

log(
  `tesla-cost: ${fleetSize} vehicles (tesla-sim seed ${seed}, daily routine on), from ${startAt.toISOString()}`,
);
log(
  `  project policy: ${days} simulated days, the real inventory sync (TeslaRuntime + FleetSyncService, ` +
    `in-memory PGlite, streaming), one sync pass per ${tickSeconds} simulated seconds`,
);
log(
  `  naive policy:   vehicle_data with location for every car every simulated minute, wake_up on 408, ` +
    `no streaming; ${naiveHours} simulated hours, in a child process alongside`,
);
log(
  `  targets: ≤ $${TARGETS.usdPerVehicleMonth}/vehicle-month, ${TARGETS.wakesCaused} wakes caused, ` +
    `≥ ${TARGETS.cheaperThanNaive}× cheaper than naive`,
);
log('');

const started = performance.now();

/** The naive run in a child process: it is HTTP-bound, the project run is bound to PGlite here. */
function startNaive(): {
  done: Promise<{ result: RunResult | null; error: string | null }>;
  stop: () => void;
} {
  let result: RunResult | null = null;
  let error: string | null = null;
  const child = fork(
    fileURLToPath(new URL('./tesla-cost/naive-child.ts', import.meta.url)),
    [JSON.stringify({ seed, fleetSize, startAt: startAt.toISOString(), hours: naiveHours })],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  child.on('message', (message: NaiveChildMessage) => {
    if (message.kind === 'progress') log(message.line);
    else if (message.kind === 'result') result = message.result;
    else error = message.error;
  });
  const done = new Promise<{ result: RunResult | null; error: string | null }>((resolve) => {
    child.on('error', (e) => {
      error = e.message;
    });
    child.on('exit', (code) => {
      resolve({
        result,
        error: result || error ? error : `the naive run exited with code ${code ?? 'null'}`,
      });
    });
  });
  return {
    done,
    stop: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

const naive = startNaive();
let project: RunResult;
try {
  project = await runProjectPolicy({
    seed,
    fleetSize,
    startAt,
    days,
    tickMs: tickSeconds * 1000,
    progress: log,
  });
} catch (error) {
  naive.stop();
  throw error;
}
const { result: naiveResult, error: naiveError } = await naive.done;
log(renderReport(project, naiveResult, naiveError));
log('');
log(`Total wall time ${seconds(performance.now() - started)} s (both runs side by side).`);
