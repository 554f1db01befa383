import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pLimit from 'p-limit';
import type { SchemaMigrations } from '@cybertacotruck/db';
import type { EventEnvelope } from '@cybertacotruck/contracts';
import {
  deadLettersOf,
  deliver,
  errorText,
  pruneInbox,
  resolveOptions,
  RunningParts,
  type BusOptions,
  type ResolvedOptions,
} from './core';
import type { DeadLetters, EventBus, Subscription } from './port';
import { startRelayLoop, type Publish } from './relay';

/**
 * The `bus` schema of the PostgreSQL adapter: one ordered event log (the transport) and one
 * position per consumer group. Relays append under one lock, so log order is commit order and a
 * consumer reading past a position never skips an event committed later.
 */
export const postgresBusMigrations: SchemaMigrations = {
  schema: 'bus',
  migrations: {
    '0001_event_log': {
      async up(db) {
        await sql`create table bus.event_log (
          seq bigint generated always as identity primary key,
          id uuid not null unique,
          topic text not null,
          type text not null,
          version integer not null,
          key text not null,
          occurred_at timestamptz not null,
          data jsonb not null,
          appended_at timestamptz not null default now()
        )`.execute(db);
        await sql`create index event_log_type_seq_idx on bus.event_log (type, seq)`.execute(db);
        await sql`create table bus.consumer_offset (
          group_name text primary key,
          position bigint not null default 0,
          updated_at timestamptz not null default now()
        )`.execute(db);
      },
    },
  },
};

type LogRow = {
  seq: string;
  id: string;
  topic: string;
  type: string;
  version: number;
  key: string;
  occurred_at: Date;
  data: unknown;
};

const LOG_LOCK = 'cybertacotruck.bus.event_log';
const INBOX_RETENTION_DAYS = 30;

/**
 * The embedded default: the transport is a table in the same database, so publishing needs no
 * broker. At least once like Kafka, and here the group's position moves in the handler's own
 * transaction, so an event is redelivered only after a crash before that commit.
 */
export class PostgresEventBus implements EventBus {
  readonly kind = 'postgres';
  private readonly o: ResolvedOptions;
  private readonly handlers = new Map<string, Subscription>();
  private readonly wakers = new Set<() => void>();
  private readonly running = new RunningParts();

  constructor(options: BusOptions) {
    this.o = resolveOptions(options);
  }

  /** The event log's tables come with the `bus` schema's migrations: nothing to ready. */
  prepare(): Promise<void> {
    return Promise.resolve();
  }

  private readonly publish: Publish = async (events, trx) => {
    // One appender at a time: log order = commit order (see postgresBusMigrations).
    await sql`select pg_advisory_xact_lock(hashtext(${LOG_LOCK}))`.execute(trx);
    for (const e of events) {
      const v = e.envelope;
      await sql`insert into bus.event_log (id, topic, type, version, key, occurred_at, data)
        values (${v.id}, ${e.topic}, ${v.type}, ${v.version}, ${v.key}, ${v.occurredAt},
          ${JSON.stringify(v.data)}::jsonb)
        on conflict (id) do nothing`.execute(trx);
    }
  };

  startRelay(schema: string): Promise<() => Promise<void>> {
    const relay = startRelayLoop(this.o, schema, this.publish, () => {
      for (const wake of this.wakers) wake();
    });
    return Promise.resolve(this.running.track(() => relay.stop()));
  }

  async subscribe(sub: Subscription): Promise<() => Promise<void>> {
    if (this.handlers.has(sub.group)) throw new Error(`group ${sub.group} is already consuming here`);
    this.handlers.set(sub.group, sub);
    const { db, logger } = this.o;
    await sql`insert into bus.consumer_offset (group_name) values (${sub.group})
      on conflict do nothing`.execute(db);
    const controller = new AbortController();
    let waiter: AbortController | null = null;
    const wake = () => waiter?.abort();
    this.wakers.add(wake);
    let lastPrune = 0;
    const loop = (async () => {
      let failures = 0;
      while (!controller.signal.aborted) {
        let found = 0;
        try {
          const { rows } = await sql<LogRow>`
            select seq, id, topic, type, version, key, occurred_at, data from bus.event_log
            where seq > (select position from bus.consumer_offset where group_name = ${sub.group})
              and type = any(${[...sub.types]}::text[])
            order by seq limit 100`.execute(db);
          found = rows.length;
          // One lane per key, in log order; lanes run side by side (up to consumerConcurrency).
          const lanes = new Map<string, LogRow[]>();
          for (const row of rows) lanes.set(row.key, [...(lanes.get(row.key) ?? []), row]);
          const batch = { stopped: false };
          const run = pLimit(Math.max(1, this.o.consumerConcurrency));
          const handleLane = async (lane: LogRow[]) => {
            for (const row of lane) {
              if (batch.stopped) return;
              const event: EventEnvelope<unknown> = {
                id: row.id,
                type: row.type,
                version: row.version,
                occurredAt: new Date(row.occurred_at).toISOString(),
                key: row.key,
                data: row.data,
              };
              const result = await deliver(
                this.o,
                sub,
                row.topic,
                JSON.stringify(event),
                event,
                controller.signal,
              );
              if (result === 'stopped') batch.stopped = true;
            }
          };
          await Promise.all([...lanes.values()].map((lane) => run(() => handleLane(lane))));
          // The position moves once the whole batch is handled (each event's inbox row committed with
          // its effect): a crash before this redelivers the batch, and the inbox answers "duplicate".
          const last = rows.at(-1);
          if (batch.stopped) break;
          if (last)
            await sql`update bus.consumer_offset set position = ${last.seq}, updated_at = now()
              where group_name = ${sub.group} and position < ${last.seq}`.execute(db);
          if (failures > 0) logger.info({ group: sub.group, after: failures }, 'consumer recovered');
          failures = 0;
          if (Date.now() - lastPrune > 3_600_000) {
            lastPrune = Date.now();
            await pruneInbox(db, sub.schema, INBOX_RETENTION_DAYS);
          }
        } catch (error) {
          failures++;
          // Once per streak at error level, then quieter: a database outage is one incident.
          const log = failures === 1 ? logger.error.bind(logger) : logger.debug.bind(logger);
          log({ group: sub.group, failures, err: errorText(error) }, 'consumer could not read the event log');
        }
        if (found === 100) continue;
        waiter = new AbortController();
        const delay =
          failures > 0 ? Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** failures) : this.o.pollMs;
        await sleep(delay, undefined, { signal: AbortSignal.any([controller.signal, waiter.signal]) }).catch(
          () => {},
        );
        waiter = null;
      }
    })();
    return this.running.track(async () => {
      this.wakers.delete(wake);
      controller.abort();
      await loop;
      this.handlers.delete(sub.group);
    });
  }

  deadLetters(schema: string): DeadLetters {
    return deadLettersOf(this.o.db, schema, this.handlers);
  }

  async close(): Promise<void> {
    await this.running.stopAll();
  }
}
