import type { VehicleStatusChangedV1 } from '@cybertacotruck/contracts';
import type { Logger } from '@cybertacotruck/platform';
import type { LiveFeedRepository } from './live-feed.repository';

export type LiveListener = (event: VehicleStatusChangedV1, seq: string) => void;

const BATCH = 500;

/**
 * Vehicle status events for this process's open streams. One reader per process follows inventory's
 * outbox from the moment the first stream opens (never the history) and hands each new event to every
 * listener; it stops when the last stream closes. So a thousand open streams cost one query a tick.
 */
export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();
  private cursor: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly repo: LiveFeedRepository,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener; resolves once the feed's starting point is known (events after it arrive). */
  async subscribe(listener: LiveListener): Promise<() => void> {
    this.listeners.add(listener);
    if (this.cursor === null) {
      try {
        this.cursor = await this.repo.latestSeq();
      } catch (error) {
        this.listeners.delete(listener);
        throw error;
      }
    }
    this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Reads new events now (tests, and a process that just wrote one); ticks do the same. */
  async readNow(): Promise<void> {
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cursor = null;
  }

  private schedule(): void {
    if (this.timer || this.listeners.size === 0) return;
    const delay = this.failures > 0 ? Math.min(30_000, this.pollMs * 2 ** this.failures) : this.pollMs;
    this.timer = setTimeout(() => {
      void this.readNow().finally(() => {
        this.timer = null;
        this.schedule();
      });
    }, delay);
    this.timer.unref();
  }

  /** Where the feed stands; null when stopped (read through a method: stop() may run during a read). */
  private position(): string | null {
    return this.cursor;
  }

  private async read(): Promise<void> {
    try {
      for (let from = this.position(); from !== null && this.listeners.size > 0; from = this.position()) {
        const rows = await this.repo.after(from, BATCH);
        // Stopped while reading: a later start begins at the end of the outbox again.
        if (this.position() === null) return;
        for (const row of rows) {
          this.cursor = row.seq;
          for (const listener of this.listeners) listener(row.data, row.seq);
        }
        if (rows.length < BATCH) break;
      }
      if (this.failures > 0) this.logger.info({ after: this.failures }, 'live feed reads again');
      this.failures = 0;
    } catch (error) {
      this.failures++;
      if (this.failures === 1)
        this.logger.warn({ err: error }, 'live feed could not read status events; retrying');
    }
  }
}
