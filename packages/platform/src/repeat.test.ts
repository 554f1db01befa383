import { describe, expect, it, vi } from 'vitest';
import { repeatEvery } from './repeat';
import type { Logger } from './service';

const loggerSpy = () => {
  const error = vi.fn();
  return { logger: { error } as unknown as Logger, error };
};

describe('repeatEvery (every worker loop)', () => {
  it('never stacks a slow tick with the next, logs a failing tick and goes on, and stop waits for the tick', async () => {
    vi.useFakeTimers();
    try {
      const { logger, error } = loggerSpy();
      let started = 0;
      let finish: (() => void) | undefined;
      const stop = repeatEvery({ intervalMs: 100, logger, failure: 'tick failed' }, async () => {
        started += 1;
        if (started === 1) throw new Error('boom');
        await new Promise<void>((resolve) => (finish = resolve));
      });
      expect(started).toBe(0); // not at start unless asked
      await vi.advanceTimersByTimeAsync(100);
      expect(started).toBe(1);
      expect(error).toHaveBeenCalledWith({ err: expect.any(Error) as Error }, 'tick failed');
      await vi.advanceTimersByTimeAsync(100); // second tick starts and hangs
      await vi.advanceTimersByTimeAsync(500); // five more intervals: skipped, not stacked
      expect(started).toBe(2);

      let stopped = false;
      const stopping = stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false); // waits for the tick in progress
      finish?.();
      await stopping;
      await vi.advanceTimersByTimeAsync(1000);
      expect(started).toBe(2); // and no tick after stop
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs the first tick at once when asked, and aborts its signal on stop', async () => {
    const { logger } = loggerSpy();
    let seen: AbortSignal | undefined;
    const stop = repeatEvery(
      { intervalMs: 60_000, logger, failure: 'x', runAtStart: true },
      async (signal) => {
        seen = signal;
      },
    );
    expect(seen?.aborted).toBe(false);
    await stop();
    expect(seen?.aborted).toBe(true);
  });
});
