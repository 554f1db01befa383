import type { IngestResult } from './telemetry-ingest.service';

export interface BatcherOptions {
  /** At most this many records per database write (default 5,000). */
  maxRecords?: number;
  /** How long the first record waits for others before its batch is written (default 5 ms). */
  lingerMs?: number;
  /** Called after each write committed, with its result and the commit time. */
  onCommitted?: (result: IngestResult, committedAt: number) => void;
}

/** A batch `close` gave up on: its records were not written (nor will they be by this batcher). */
export class TelemetryNotWrittenError extends Error {
  constructor(readonly records: number) {
    super(`${records} telemetry records not written: the process stopped before their turn`);
    this.name = 'TelemetryNotWrittenError';
  }
}

interface Pending<R> {
  records: R[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for telemetry: records added by any number of callers (Kafka partitions, the
 * in-process simulator) are written together, ≤ `maxRecords` per write; `add` resolves once the
 * write holding its records committed (then, and only then, may a Kafka offset be resolved). One
 * write at a time: consecutive writes fold the same vehicles' rows, and the next batch gathers
 * while this one is written.
 */
export class TelemetryBatcher<R> {
  private queue: Pending<R>[] = [];
  private queued = 0;
  private writing = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly maxRecords: number;
  private readonly lingerMs: number;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly write: (records: R[]) => Promise<IngestResult>,
    private readonly options: BatcherOptions = {},
  ) {
    this.maxRecords = options.maxRecords ?? 5_000;
    this.lingerMs = options.lingerMs ?? 5;
  }

  add(records: R[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new TelemetryNotWrittenError(records.length));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queued += records.length;
      this.pump();
    });
  }

  /** Resolves when nothing is queued or being written. */
  async drain(): Promise<void> {
    while (this.queued > 0 || this.writing) {
      if (this.queued > 0 && !this.writing) this.flush();
      await new Promise<void>((r) => this.idle.add(r));
    }
  }

  /**
   * The drain of a stopping process, bounded: writes what is queued for at most `budgetMs`, then
   * lets the write in progress finish and gives up on the rest (their `add` rejects with
   * TelemetryNotWrittenError). A backlog behind a slow database must not outlast the grace period.
   * Returns how many records were given up.
   */
  async close(budgetMs: number): Promise<{ notWritten: number }> {
    this.closed = true;
    const deadline = Date.now() + budgetMs;
    while ((this.queued > 0 || this.writing) && Date.now() < deadline) {
      if (this.queued > 0 && !this.writing) this.flush();
      const timer = setTimeout(
        () => {
          for (const r of this.idle) r();
          this.idle.clear();
        },
        Math.max(0, deadline - Date.now()),
      );
      await new Promise<void>((r) => this.idle.add(r));
      clearTimeout(timer);
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const given = this.queue;
    const notWritten = this.queued;
    this.queue = [];
    this.queued = 0;
    for (const p of given) p.reject(new TelemetryNotWrittenError(p.records.length));
    while (this.writing) await new Promise<void>((r) => this.idle.add(r));
    return { notWritten };
  }

  private pump(): void {
    if (this.queued >= this.maxRecords && !this.writing) this.flush();
    if (this.queued > 0 && !this.writing && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.queued > 0 && !this.writing) this.flush();
        this.pump();
      }, this.lingerMs);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const taken: Pending<R>[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Pending<R>;
      if (count > 0 && count + next.records.length > this.maxRecords) break;
      this.queue.shift();
      taken.push(next);
      count += next.records.length;
    }
    this.queued -= count;
    if (taken.length === 0) return;
    this.writing = true;
    const records = taken.length === 1 ? (taken[0] as Pending<R>).records : taken.flatMap((p) => p.records);
    this.write(records)
      .then((result) => {
        this.options.onCommitted?.(result, Date.now());
        for (const p of taken) p.resolve();
      })
      .catch((error: unknown) => {
        for (const p of taken) p.reject(error);
      })
      .finally(() => {
        this.writing = false;
        this.pump();
        for (const r of this.idle) r();
        this.idle.clear();
      });
  }
}
