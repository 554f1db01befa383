import { isDatabaseUnavailable } from '@cybertacotruck/db';
import type { Logger } from './service';

export interface RepeatOptions {
  intervalMs: number;
  logger: Logger;
  /** The log message when a tick throws (the loop goes on). */
  failure: string;
  /** Run the first tick at once instead of after one interval. */
  runAtStart?: boolean;
}

/**
 * What every background worker's loop is: `tick` every `intervalMs`, a slow tick never stacked with
 * the next (a tick due while one runs is skipped), a failing tick logged and the loop kept, the timer
 * never holding the process open. Returns the function that stops the loop: it aborts `signal` (a
 * long tick may stop early) and waits for the tick in progress.
 */
export function repeatEvery(
  options: RepeatOptions,
  tick: (signal: AbortSignal) => Promise<void>,
): () => Promise<void> {
  const stop = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let outage = 0;
  const run = () => {
    if (busy || stop.signal.aborted) return;
    busy = true;
    running = tick(stop.signal)
      .then(() => {
        if (outage > 0) options.logger.info({ failedTicks: outage }, 'database reachable again');
        outage = 0;
      })
      .catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) {
          options.logger.error({ err: error }, options.failure);
          return;
        }
        // A database outage is one incident, not one per tick: warn once, then keep quiet
        // (the next ticks retry; the requests of the same moment answer 503).
        outage++;
        if (outage === 1) options.logger.warn({ err: error }, `${options.failure}: database unavailable`);
        else options.logger.debug({ err: error }, `${options.failure}: database unavailable`);
      })
      .finally(() => {
        busy = false;
      });
  };
  if (options.runAtStart) run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return async () => {
    stop.abort();
    clearInterval(timer);
    await running;
  };
}
