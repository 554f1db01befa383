import { randomUUID } from 'node:crypto';
import { sql, type ColumnType, type Kysely } from 'kysely';
import type { EventEnvelope } from '@cybertacotruck/contracts';

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

/**
 * Writes events into `<schema>.outbox` with the handle it is given, so with a transaction the event
 * commits with the change or not at all. The relay (events issue) publishes and marks them.
 */
export class OutboxRepository<DB> {
  private readonly outbox: Kysely<{ outbox: OutboxTable }>;

  /** `db` is the service's typed handle (or transaction); its tables include `<schema>.outbox`. */
  constructor(db: Kysely<DB>, schema: string) {
    this.outbox = (db as unknown as Kysely<{ outbox: OutboxTable }>).withSchema(schema);
  }

  async append<T>(
    event: { type: string; version: number },
    key: string,
    data: T,
    occurredAt: Date,
  ): Promise<EventEnvelope<T>> {
    const [envelope] = await this.appendMany(event, [{ key, data, occurredAt }]);
    return envelope as EventEnvelope<T>;
  }

  /**
   * Appends events of one type in one multi-row insert per 1,000 (a telemetry fold or a sweep may
   * emit thousands in one transaction), in the order given: that is their append order.
   */
  async appendMany<T>(
    event: { type: string; version: number },
    items: readonly { key: string; data: T; occurredAt: Date }[],
  ): Promise<EventEnvelope<T>[]> {
    const envelopes = items.map(({ key, data, occurredAt }): EventEnvelope<T> => ({
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
