import { describe, expect, it } from 'vitest';
import type { Logger } from '@cybertacotruck/platform';
import type { SearchDayRow } from './insights.repository';
import { SearchRecorder } from './search-recorder';

const noop = () => {};
const silent = { info: noop, warn: noop, error: noop, debug: noop, child: () => silent } as unknown as Logger;

/** An in-process stand-in for the repository: what each write was given; it fails on demand. */
class Writes {
  batches: { rows: SearchDayRow[]; searchers: { day: string; customerId: string }[] }[] = [];
  failNext = false;
  async addSearches(rows: SearchDayRow[], searchers: { day: string; customerId: string }[]) {
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database unavailable');
    }
    this.batches.push({ rows, searchers });
  }
}

describe('SearchRecorder (in-process repository stand-in)', () => {
  const now = new Date('2026-12-05T23:30:00Z');
  const search = (o: { customerId?: string | null; model?: string; free?: number } = {}) => ({
    customerId: o.customerId ?? null,
    from: new Date('2026-12-10T16:00:00Z'),
    to: new Date('2026-12-12T16:00:00Z'),
    model: o.model,
    free: o.free ?? 3,
  });

  it('counts searches per day in the time zone, model and period, and who searched, in one write', async () => {
    const writes = new Writes();
    // 23:30 UTC is already the 6th in Berlin.
    const recorder = new SearchRecorder(writes, 'Europe/Berlin', {
      flushMs: 60_000,
      logger: silent,
      now: () => now,
    });
    recorder.record(search({ customerId: 'c1' }));
    recorder.record(search({ customerId: 'c1', model: 'cybertruck', free: 0 }));
    recorder.record(search({ customerId: 'c2', model: 'cybertruck', free: 0 }));
    recorder.record(search());
    await recorder.flush();
    expect(writes.batches).toHaveLength(1);
    expect(writes.batches[0]?.rows).toEqual([
      { day: '2026-12-06', model: '', fromDay: '2026-12-10', toDay: '2026-12-12', searches: 2, unmet: 0 },
      {
        day: '2026-12-06',
        model: 'cybertruck',
        fromDay: '2026-12-10',
        toDay: '2026-12-12',
        searches: 2,
        unmet: 2,
      },
    ]);
    expect(writes.batches[0]?.searchers).toEqual([
      { day: '2026-12-06', customerId: 'c1' },
      { day: '2026-12-06', customerId: 'c2' },
    ]);
    await recorder.flush();
    expect(writes.batches).toHaveLength(1);
  });

  it('keeps the counts of a failed write for the next one', async () => {
    const writes = new Writes();
    const recorder = new SearchRecorder(writes, 'UTC', { flushMs: 60_000, logger: silent, now: () => now });
    recorder.record(search({ free: 0 }));
    writes.failNext = true;
    await recorder.flush();
    expect(writes.batches).toHaveLength(0);
    recorder.record(search({ free: 0 }));
    await recorder.close();
    expect(writes.batches[0]?.rows).toEqual([
      { day: '2026-12-05', model: '', fromDay: '2026-12-10', toDay: '2026-12-12', searches: 2, unmet: 2 },
    ]);
  });
});
