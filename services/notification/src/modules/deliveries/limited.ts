/**
 * Runs `work` over `items` with at most `limit` in flight, in order of start; resolves when all are
 * done. `work` must not throw (each caller records its own failures). A few lines instead of a
 * dependency: none of the workspace's dependencies limits concurrency.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
