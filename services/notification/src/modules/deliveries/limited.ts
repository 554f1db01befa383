import pLimit from 'p-limit';

/**
 * Runs `work` over `items` with at most `limit` in flight, in order of start; resolves when all are
 * done. `work` must not throw (each caller records its own failures).
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const run = pLimit(Math.max(1, limit));
  await Promise.all(items.map((item) => run(() => work(item))));
}
