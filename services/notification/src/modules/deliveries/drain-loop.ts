import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@cybertacotruck/platform';

export interface DrainLoop {
  /** New work may be there: look again soon (after `wakeDelayMs`), however long the idle wait. */
  wake(): void;
  /** Stops the loop: aborts the wait and waits for the pass in progress. */
  stop(): Promise<void>;
}

export interface DrainLoopOptions {
  /** The wait between passes while there is no work. */
  intervalMs: number;
  /**
   * How long after a wake the next pass starts. A wake comes from code that runs inside a
   * transaction (the bus handler) which commits just after: a pass started at once would not see
   * its rows yet. A wake that still comes too early costs one empty pass; the interval catches up.
   */
  wakeDelayMs: number;
  logger: Logger;
  /** The log message when a pass throws (the loop goes on). */
  failure: string;
}

/**
 * A worker loop that drains: `pass` returns true while more work is waiting (its batch came back
 * full) and runs again at once; otherwise the loop waits `intervalMs` or until woken. A failing pass
 * is logged and the loop goes on after the interval.
 */
export function startDrainLoop(
  options: DrainLoopOptions,
  pass: (signal: AbortSignal) => Promise<boolean>,
): DrainLoop {
  const stopped = new AbortController();
  let idle: AbortController | null = null;
  // An object, not a `let`: the wake callback changes it while a pass is awaited.
  const state = { woken: false };
  // Read through functions: both change while a pass is awaited, which narrowing does not see.
  const woken = () => state.woken;
  const stopping = () => stopped.signal.aborted;
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      state.woken = false;
      let more = false;
      try {
        more = await pass(stopped.signal);
      } catch (error) {
        options.logger.error({ err: error }, options.failure);
      }
      if (more || stopping()) continue;
      const wait = woken() ? options.wakeDelayMs : options.intervalMs;
      idle = new AbortController();
      await sleep(wait, undefined, { signal: AbortSignal.any([stopped.signal, idle.signal]) }).catch(
        () => undefined,
      );
      idle = null;
    }
  })();
  return {
    wake() {
      if (state.woken) return;
      state.woken = true;
      const waiting = idle;
      if (waiting)
        setTimeout(() => {
          waiting.abort();
        }, options.wakeDelayMs).unref();
    },
    async stop() {
      stopped.abort();
      await loop;
    },
  };
}
