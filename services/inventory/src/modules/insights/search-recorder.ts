import type { Logger } from '@cybertacotruck/platform';
import type { InsightsRepository, SearchDayRow } from './insights.repository';

/** What one availability search asked and found. */
export interface SearchSeen {
  /** The customer who searched; null for an operator or a service. */
  customerId: string | null;
  from: Date;
  to: Date;
  model: string | undefined;
  /** How many cars were free on the first page. */
  free: number;
}

/** Counters held between writes at most; beyond, searches are counted but no new keys are kept. */
const MAX_KEYS = 10_000;

/**
 * Availability searches, counted in memory and written in batches off the request path (the search
 * answers thousands a second: `npm run bench:availability`). `record` is a few map operations; the
 * counters go to the database every `flushMs` (and on close) as one upsert per table. A process that
 * dies loses at most the last interval's counts, which the numbers can bear; a failed write keeps
 * them for the next one.
 */
export class SearchRecorder {
  private rows = new Map<string, SearchDayRow>();
  private searchers = new Map<string, { day: string; customerId: string }>();
  private readonly dayKeys = new Map<number, string>();
  private readonly format: Intl.DateTimeFormat;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly repo: Pick<InsightsRepository, 'addSearches'>,
    timeZone: string,
    private readonly o: { flushMs: number; logger: Logger; now?: () => Date },
  ) {
    this.format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  /** The day an instant falls on in the time zone (YYYY-MM-DD), cached by the quarter hour. */
  private day(at: Date): string {
    const slot = Math.floor(at.getTime() / 900_000);
    let key = this.dayKeys.get(slot);
    if (key === undefined) {
      if (this.dayKeys.size > 5_000) this.dayKeys.clear();
      key = this.format.format(at);
      this.dayKeys.set(slot, key);
    }
    return key;
  }

  record(s: SearchSeen): void {
    const day = this.day(this.o.now?.() ?? new Date());
    const model = s.model ?? '';
    const fromDay = this.day(s.from);
    const toDay = this.day(s.to);
    const key = `${day}|${model}|${fromDay}|${toDay}`;
    let row = this.rows.get(key);
    if (!row) {
      if (this.rows.size >= MAX_KEYS) return;
      row = { day, model, fromDay, toDay, searches: 0, unmet: 0 };
      this.rows.set(key, row);
    }
    row.searches++;
    if (s.free === 0) row.unmet++;
    if (s.customerId && this.searchers.size < MAX_KEYS)
      this.searchers.set(`${day}|${s.customerId}`, { day, customerId: s.customerId });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.o.flushMs);
    this.timer.unref();
  }

  /** Writes what was counted since the last write; one write at a time. */
  async flush(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.rows.size === 0 && this.searchers.size === 0) return;
    const rows = this.rows;
    const searchers = this.searchers;
    this.rows = new Map();
    this.searchers = new Map();
    this.writing = (async () => {
      try {
        await this.repo.addSearches([...rows.values()], [...searchers.values()]);
      } catch (error) {
        // Kept for the next write: merged back into what was counted meanwhile.
        for (const [key, r] of rows) {
          const now = this.rows.get(key);
          if (now) {
            now.searches += r.searches;
            now.unmet += r.unmet;
          } else this.rows.set(key, r);
        }
        for (const [key, s] of searchers) this.searchers.set(key, s);
        this.o.logger.warn(
          { err: error },
          'insights: writing the search counters failed; kept for the next write',
        );
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.writing;
    await this.flush();
  }
}
