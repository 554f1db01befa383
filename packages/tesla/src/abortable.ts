/**
 * Waiting that a stop signal ends at once. Listeners on the signal are removed when the wait ends
 * either way: the signal is the process's, long-lived, and shared by every call.
 */

/** Resolves after `ms`, or as soon as `signal` aborts (resolves then too: the caller checks). */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * An AbortSignal that fires when `stop` does or after `timeoutMs`, whichever is first, and the
 * function that lets go of `stop` (call it when the request, body included, is over).
 * AbortSignal.any is not used: on Node 20 it keeps every composite signal of a long-lived source.
 */
export function stopOrTimeout(
  stop: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onStop = () => {
    controller.abort(stop?.reason);
  };
  const timer = setTimeout(() => {
    controller.abort(new DOMException('The request timed out', 'TimeoutError'));
  }, timeoutMs);
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    },
  };
}
