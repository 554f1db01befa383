import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Transaction } from 'kysely';
import type { EventEnvelope } from '@cybertacotruck/contracts';
import { isDatabaseUnavailable } from '@cybertacotruck/db';
import { parseEnvelope } from './envelope';
import { InvalidEventPayload } from './invalid-event';
import type { BusDatabase, DeadLetter, DeadLetters, Subscription } from './port';

/** The logger the bus writes to (pino's shape; the platform passes its own). */
export interface BusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface BusOptions {
  db: BusDatabase;
  logger: BusLogger;
  /** Attempts before an event is parked in the dead letters (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to retryMaxMs, with jitter (default 200 ms / 10 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often an idle relay or consumer looks again (default 250 ms). */
  pollMs?: number;
  /**
   * PostgreSQL event log: how many keys a consumer handles at once (default 8). Events of one key
   * are handled one after another, in log order, as Kafka does per partition.
   */
  consumerConcurrency?: number;
}

export type ResolvedOptions = Required<Omit<BusOptions, 'db' | 'logger'>> & Pick<BusOptions, 'db' | 'logger'>;

export function resolveOptions(o: BusOptions): ResolvedOptions {
  return { maxAttempts: 5, retryBaseMs: 200, retryMaxMs: 10_000, pollMs: 250, consumerConcurrency: 8, ...o };
}

export function backoffMs(o: ResolvedOptions, attempt: number): number {
  const base = Math.min(o.retryMaxMs, o.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** Extra work committed with the event's handling (the PostgreSQL adapter moves its offset here). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InTransaction = (trx: Transaction<any>) => Promise<void>;

/**
 * Handles one event for one group, effect and inbox row in one transaction. Returns 'duplicate'
 * when the group already handled this event id (redelivery: no second effect).
 */
export async function handleOnce(
  db: BusDatabase,
  sub: Subscription,
  event: EventEnvelope<unknown>,
  alsoInTransaction?: InTransaction,
): Promise<'handled' | 'duplicate'> {
  return db.transaction().execute(async (trx) => {
    const inserted = await sql<{ event_id: string }>`
      insert into ${sql.id(sub.schema, 'inbox')} (group_name, event_id)
      values (${sub.group}, ${event.id}) on conflict do nothing returning event_id`.execute(trx);
    const fresh = inserted.rows.length > 0;
    if (fresh) await sub.handle(event, trx);
    await alsoInTransaction?.(trx);
    return fresh ? 'handled' : 'duplicate';
  });
}

export interface Parked {
  topic: string;
  payload: string;
  error: string;
  attempts: number;
  event: EventEnvelope<unknown> | null;
}

export async function park(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: BusDatabase | Transaction<any>,
  sub: Pick<Subscription, 'group' | 'schema'>,
  p: Parked,
): Promise<string> {
  const id = randomUUID();
  await sql`insert into ${sql.id(sub.schema, 'dead_letter')}
      (id, group_name, event_id, type, key, topic, payload, error, attempts)
    values (${id}, ${sub.group}, ${p.event?.id ?? null}, ${p.event?.type ?? null}, ${p.event?.key ?? null},
      ${p.topic}, ${p.payload}, ${p.error.slice(0, 4000)}, ${p.attempts})`.execute(db);
  return id;
}

export const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Delivers one event to a group: retries with backoff, then parks it in the dead letters so the
 * partition moves on. `commit` runs in the handling transaction, or with the dead letter.
 * Resolves 'stopped' when `signal` aborts between attempts (the event stays undelivered: at least once).
 */
export async function deliver(
  o: ResolvedOptions,
  sub: Subscription,
  topic: string,
  payload: string,
  event: EventEnvelope<unknown> | null,
  signal: AbortSignal,
  commit?: InTransaction,
): Promise<'handled' | 'duplicate' | 'parked' | 'stopped'> {
  if (!event) {
    await o.db.transaction().execute(async (trx) => {
      await park(trx, sub, { topic, payload, error: 'not an event envelope', attempts: 1, event: null });
      await commit?.(trx);
    });
    o.logger.warn({ group: sub.group, topic }, 'unreadable message parked in the dead letters');
    return 'parked';
  }
  let outage = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await handleOnce(o.db, sub, event, commit);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // The database is away (a failover, a restart), not the handler at fault: wait for it
        // without spending an attempt, so an outage never parks an event in the dead letters.
        attempt--;
        outage++;
        if (outage === 1)
          o.logger.warn(
            { group: sub.group, eventId: event.id, type: event.type, err: errorText(error) },
            'database unavailable while handling an event; will retry',
          );
        try {
          await sleep(backoffMs(o, outage), undefined, { signal });
        } catch {
          return 'stopped';
        }
        continue;
      }
      const text = errorText(error);
      // A payload that breaks its contract fails the same way every time: no retries.
      if (attempt >= o.maxAttempts || error instanceof InvalidEventPayload) {
        await o.db.transaction().execute(async (trx) => {
          await park(trx, sub, { topic, payload, error: text, attempts: attempt, event });
          await commit?.(trx);
        });
        o.logger.error(
          { group: sub.group, eventId: event.id, type: event.type, attempts: attempt, err: error },
          error instanceof InvalidEventPayload
            ? 'event payload does not match its declared schema: parked in the dead letters'
            : 'event parked in the dead letters after its retries',
        );
        return 'parked';
      }
      o.logger.warn(
        { group: sub.group, eventId: event.id, type: event.type, attempt, err: error },
        'event handler failed; will retry',
      );
      try {
        await sleep(backoffMs(o, attempt), undefined, { signal });
      } catch {
        return 'stopped';
      }
    }
  }
}

type DeadLetterRow = {
  id: string;
  group_name: string;
  event_id: string | null;
  type: string | null;
  key: string | null;
  topic: string;
  payload: string;
  error: string;
  attempts: number;
  failed_at: Date;
  replayed_at: Date | null;
  discarded_at: Date | null;
};

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: r.id,
  group: r.group_name,
  eventId: r.event_id,
  type: r.type,
  key: r.key,
  topic: r.topic,
  payload: r.payload,
  error: r.error,
  attempts: r.attempts,
  failedAt: new Date(r.failed_at),
  replayedAt: r.replayed_at ? new Date(r.replayed_at) : null,
  discardedAt: r.discarded_at ? new Date(r.discarded_at) : null,
});

export class DeadLetterNotFound extends Error {
  constructor(id: string) {
    super(`no dead letter ${id}`);
    this.name = 'DeadLetterNotFound';
  }
}

/** A dead letter that cannot be replayed (already settled, unreadable, or its group is not running here). */
export class DeadLetterNotReplayable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterNotReplayable';
  }
}

/** Dead letters of one consuming schema; replay runs the group's handler registered in this process. */
export function deadLettersOf(
  db: BusDatabase,
  schema: string,
  handlers: ReadonlyMap<string, Subscription>,
): DeadLetters {
  const table = sql.id(schema, 'dead_letter');
  const get = async (id: string): Promise<DeadLetterRow> => {
    const { rows } = await sql<DeadLetterRow>`select * from ${table} where id = ${id}`.execute(db);
    if (!rows[0]) throw new DeadLetterNotFound(id);
    return rows[0];
  };
  const settle = async (id: string, column: 'replayed_at' | 'discarded_at'): Promise<DeadLetter> => {
    const { rows } = await sql<DeadLetterRow>`update ${table} set ${sql.ref(column)} = now()
      where id = ${id} and replayed_at is null and discarded_at is null returning *`.execute(db);
    if (!rows[0]) throw new DeadLetterNotReplayable(`dead letter ${id} is already settled`);
    return toDeadLetter(rows[0]);
  };
  return {
    async list({ group, open, limit = 100 } = {}) {
      const { rows } = await sql<DeadLetterRow>`select * from ${table}
        where (${group ?? null}::text is null or group_name = ${group ?? null})
          and (${open ?? null}::boolean is null
            or (${open ?? null}::boolean = (replayed_at is null and discarded_at is null)))
        order by failed_at desc, id limit ${Math.min(Math.max(limit, 1), 1000)}`.execute(db);
      return rows.map(toDeadLetter);
    },
    async replay(id) {
      const row = await get(id);
      if (row.replayed_at || row.discarded_at)
        throw new DeadLetterNotReplayable(`dead letter ${id} is already settled`);
      const sub = handlers.get(row.group_name);
      if (!sub) throw new DeadLetterNotReplayable(`group ${row.group_name} does not consume in this process`);
      const event = parseEnvelope(row.payload);
      if (!event) throw new DeadLetterNotReplayable(`dead letter ${id} is not a readable event`);
      // Through the inbox: if the event was handled meanwhile, replaying has no second effect.
      await handleOnce(db, sub, event);
      return settle(id, 'replayed_at');
    },
    discard: (id) => get(id).then(() => settle(id, 'discarded_at')),
  };
}

/** Deletes inbox rows older than `days` (longer than any redelivery window of the transport). */
export async function pruneInbox(db: BusDatabase, schema: string, days: number): Promise<void> {
  await sql`delete from ${sql.id(schema, 'inbox')} where handled_at < now() - make_interval(days => ${days})`.execute(
    db,
  );
}

/** The relays and consumers a bus runs: each stop function is tracked until it runs; close stops the rest. */
export class RunningParts {
  private readonly stops = new Set<() => Promise<void>>();

  /** Wraps `teardown` into the stop function handed out (it runs once) and keeps it for `stopAll`. */
  track(teardown: () => Promise<void>): () => Promise<void> {
    const stop = async () => {
      if (!this.stops.delete(stop)) return;
      await teardown();
    };
    this.stops.add(stop);
    return stop;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.stops].map((stop) => stop()));
  }
}
