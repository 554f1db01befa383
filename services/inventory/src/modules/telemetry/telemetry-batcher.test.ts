import { describe, expect, it } from 'vitest';
import { TelemetryBatcher, TelemetryNotWrittenError } from './telemetry-batcher';
import type { IngestResult } from './telemetry-ingest.service';

const result = {} as IngestResult;

describe('TelemetryBatcher.close', () => {
  it('writes what is queued while the budget lasts, then gives up on the rest and waits for the write in progress', async () => {
    const written: number[][] = [];
    let release = () => {};
    const batcher = new TelemetryBatcher<number>(
      async (records) => {
        written.push(records);
        // The first write hangs until released: a slow database behind a backlog.
        if (written.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return result;
      },
      { maxRecords: 2, lingerMs: 1 },
    );
    const first = batcher.add([1, 2]);
    await expect.poll(() => written.length).toBe(1);
    const queued = [batcher.add([3, 4]), batcher.add([5])].map((p) =>
      p.then(
        () => 'written',
        (e: unknown) => e,
      ),
    );
    const started = performance.now();
    const closing = batcher.close(50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const { notWritten } = await closing;
    expect(performance.now() - started).toBeLessThan(1_000);
    await first;
    expect(notWritten).toBe(3);
    for (const outcome of await Promise.all(queued)) expect(outcome).toBeInstanceOf(TelemetryNotWrittenError);
    expect(written).toEqual([[1, 2]]);
    // Closed: a late add is refused, not written.
    await expect(batcher.add([6])).rejects.toBeInstanceOf(TelemetryNotWrittenError);
  });

  it('writes everything when the database keeps up', async () => {
    const written: number[] = [];
    const batcher = new TelemetryBatcher<number>(
      async (records) => {
        written.push(...records);
        return result;
      },
      { maxRecords: 2, lingerMs: 1 },
    );
    const adds = [batcher.add([1, 2]), batcher.add([3]), batcher.add([4, 5])];
    expect(await batcher.close(5_000)).toEqual({ notWritten: 0 });
    await Promise.all(adds);
    expect(written).toEqual([1, 2, 3, 4, 5]);
  });
});
