import { sql, type Kysely } from 'kysely';

/**
 * Creates `<schema>.inbox` (one row per handled event and group, written in the handler's
 * transaction, so a redelivered event has no second effect) and `<schema>.dead_letter` (events a
 * group could not handle after its retries, for operators to see, replay or discard).
 */
export async function createConsumerTables(db: Kysely<unknown>, schema: string): Promise<void> {
  await sql`create table ${sql.id(schema, 'inbox')} (
    group_name text not null,
    event_id uuid not null,
    handled_at timestamptz not null default now(),
    primary key (group_name, event_id)
  )`.execute(db);
  await sql`create index inbox_handled_at_idx on ${sql.id(schema, 'inbox')} (handled_at)`.execute(db);
  await sql`create table ${sql.id(schema, 'dead_letter')} (
    id uuid primary key,
    group_name text not null,
    event_id uuid,
    type text,
    key text,
    topic text not null,
    payload text not null,
    error text not null,
    attempts integer not null,
    failed_at timestamptz not null default now(),
    replayed_at timestamptz,
    discarded_at timestamptz
  )`.execute(db);
  await sql`create index dead_letter_open_idx on ${sql.id(schema, 'dead_letter')} (group_name, failed_at desc)`.execute(
    db,
  );
}
