/**
 * `bench:telemetry-ingest -- --trace`: where the consumer's time goes, measured in the run itself.
 * Wraps the ingest service's repository calls and its write (wall time per call, event-loop queueing
 * included: a database answer waits while the loop decodes a fetch), and samples the event loop
 * (utilisation, delay) and the garbage collector over the measured window. Prints one table.
 */
import {
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
  type PerformanceEntry,
} from 'node:perf_hooks';

type Timed = Record<string, unknown>;

export interface IngestTrace {
  /** Starts the window the event loop and the collector are measured over. */
  start(): void;
  /** Stops it and returns the lines to print (`records`: committed over the window, for CPU per record). */
  report(windowS: number, records: number): string[];
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};

/** Times every call of the named async methods of each target (in place). */
export function traceIngest(targets: { object: object; methods: string[]; prefix?: string }[]): IngestTrace {
  const calls = new Map<string, number[]>();
  for (const { object, methods, prefix } of targets) {
    const o = object as Timed;
    for (const name of methods) {
      const original = o[name];
      if (typeof original !== 'function') throw new Error(`trace: no method ${name}`);
      const label = `${prefix ?? ''}${name}`;
      const list: number[] = [];
      calls.set(label, list);
      const call = original as (...a: unknown[]) => Promise<unknown>;
      o[name] = async (...args: unknown[]): Promise<unknown> => {
        const started = performance.now();
        try {
          return await call.apply(object, args);
        } finally {
          list.push(performance.now() - started);
        }
      };
    }
  }
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let gcMs = 0;
  let gcMajorMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      // NODE_PERFORMANCE_GC_MAJOR = 4 (mark-sweep-compact)
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      if (detail?.kind === 4) gcMajorMs += entry.duration;
    }
  });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  return {
    start: () => {
      for (const list of calls.values()) list.length = 0;
      delay.enable();
      gc.observe({ entryTypes: ['gc'] });
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
    },
    report: (windowS, records) => {
      const used = performance.eventLoopUtilization(elu);
      const { user, system } = process.cpuUsage(cpu);
      const cpuS = (user + system) / 1e6;
      delay.disable();
      gc.disconnect();
      const lines = [
        `trace:     consumer process CPU ${cpuS.toFixed(1)} s (${((cpuS / windowS) * 100).toFixed(0)}% of one core, ${((cpuS * 1e6) / Math.max(1, records)).toFixed(0)} µs per record; every thread: GC, pg, kafkajs)`,
        `           event loop ${(used.utilization * 100).toFixed(0)}% busy; delay p50 ${(delay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms; GC ${(gcMs / 1000).toFixed(1)} s (${((gcMs / 1000 / windowS) * 100).toFixed(0)}% of the window, major ${(gcMajorMs / 1000).toFixed(1)} s)`,
        '           call                          n   p50 ms   p90 ms   max ms   total s',
      ];
      for (const [label, xs] of calls) {
        if (xs.length === 0) continue;
        const total = xs.reduce((a, b) => a + b, 0);
        lines.push(
          `           ${label.padEnd(26)} ${String(xs.length).padStart(5)} ${quantile(xs, 0.5).toFixed(0).padStart(8)} ${quantile(xs, 0.9).toFixed(0).padStart(8)} ${Math.max(
            ...xs,
          )
            .toFixed(0)
            .padStart(8)} ${(total / 1000).toFixed(1).padStart(9)}`,
        );
      }
      return lines;
    },
  };
}
