import { randomUUID } from 'node:crypto';
import { sql, type ColumnType, type Kysely } from 'kysely';
import type { DeclaredEvent, EventData, EventDefinition, EventEnvelope } from '@cybertacotruck/contracts';

/** `<schema>.outbox`: every service that emits events keeps one in its own schema. */
export type OutboxTable = {
  /** Append order (the relay publishes in it; per key it is commit order, see addOutboxSequence). */
  seq: ColumnType<string, never, never>;
  id: string;
  type: string;
  version: number;
  key: string;
  occurred_at: Date;
  data: ColumnType<unknown, string, never>;
  published_at: Date | null;
};

/** Creates `<schema>.outbox` and the index the relay reads unpublished rows by, in order. */
export async function createOutboxTable(db: Kysely<unknown>, schema: string): Promise<void> {
  const s = db.schema.withSchema(schema);
  await s
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    .execute();
  await addOutboxSequence(db, schema);
}

/**
 * Gives `<schema>.outbox` its append order: an identity column the relay publishes by. An event is
 * appended after the change that locks its aggregate, so for one key append order is commit order.
 * Idempotent: outboxes created before it existed get it from a later migration.
 */
export async function addOutboxSequence(db: Kysely<unknown>, schema: string): Promise<void> {
  await sql`alter table ${sql.id(schema, 'outbox')} add column if not exists seq bigint generated always as identity`.execute(
    db,
  );
  await sql`drop index if exists ${sql.id(schema, 'outbox_unpublished_idx')}`.execute(db);
  await sql`create index if not exists outbox_unpublished_seq_idx on ${sql.id(schema, 'outbox')} (seq) where published_at is null`.execute(
    db,
  );
}

/** Rows per insert: 7 parameters each, well under PostgreSQL's 65,535 per statement. */
const APPEND_CHUNK = 1_000;

/** An event as the outbox writes it: its name and version (and, when declared, its payload schema). */
export interface AppendableEvent {
  readonly type: string;
  readonly version: number;
}

/**
 * Made-up events with any payload: only for the bus's own transport tests. Services append
 * declared events (`DeclaredEvent`, the default), so a payload that does not match the declared
 * schema of its type and version does not compile.
 */
export type UndeclaredEvent = AppendableEvent;

/** The payload an event must carry: its declared schema's type, or anything for an undeclared one. */
export type PayloadOf<E extends AppendableEvent> = E extends EventDefinition ? EventData<E> : unknown;

/**
 * Writes events into `<schema>.outbox` with the handle it is given, so with a transaction the event
 * commits with the change or not at all. The relay (events issue) publishes and marks them.
 */
export class OutboxRepository<DB, Events extends AppendableEvent = DeclaredEvent> {
  private readonly outbox: Kysely<{ outbox: OutboxTable }>;

  /** `db` is the service's typed handle (or transaction); its tables include `<schema>.outbox`. */
  constructor(db: Kysely<DB>, schema: string) {
    this.outbox = (db as unknown as Kysely<{ outbox: OutboxTable }>).withSchema(schema);
  }

  /** `event` is a declaration from contracts (e.g. `ReservationEvents.confirmed`); `data` its payload. */
  async append<E extends Events>(
    event: E,
    key: string,
    data: PayloadOf<E>,
    occurredAt: Date,
  ): Promise<EventEnvelope<PayloadOf<E>>> {
    const [envelope] = await this.appendMany(event, [{ key, data, occurredAt }]);
    return envelope as EventEnvelope<PayloadOf<E>>;
  }

  /**
   * Appends events of one type in one multi-row insert per 1,000 (a telemetry fold or a sweep may
   * emit thousands in one transaction), in the order given: that is their append order.
   */
  async appendMany<E extends Events>(
    event: E,
    items: readonly { key: string; data: PayloadOf<E>; occurredAt: Date }[],
  ): Promise<EventEnvelope<PayloadOf<E>>[]> {
    const envelopes = items.map(({ key, data, occurredAt }): EventEnvelope<PayloadOf<E>> => ({
      id: randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: occurredAt.toISOString(),
      key,
      data,
    }));
    for (let i = 0; i < envelopes.length; i += APPEND_CHUNK) {
      await this.outbox
        .insertInto('outbox')
        .values(
          envelopes.slice(i, i + APPEND_CHUNK).map((e, j) => ({
            id: e.id,
            type: e.type,
            version: e.version,
            key: e.key,
            occurred_at: (items[i + j] as { occurredAt: Date }).occurredAt,
            data: JSON.stringify(e.data),
            published_at: null,
          })),
        )
        .execute();
    }
    return envelopes;
  }
}
