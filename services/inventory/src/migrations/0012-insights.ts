import { sql, type Migration } from 'kysely';

/**
 * The operator's business numbers (issue 18 item 7), a projection of the events the services
 * publish, never of their tables: one row per reservation (each step's first time, so events may
 * arrive in any order and twice), the account steps of the funnel, and the availability searches
 * rolled up per day in INSIGHTS_TIME_ZONE (searches are thousands a second: counters, not rows).
 */
export const m0012_insights: Migration = {
  async up(db) {
    await sql`
      create table inventory.insights_reservation (
        reservation_id uuid primary key,
        customer_id uuid not null,
        vehicle_id uuid not null,
        vehicle_name text not null,
        model text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        currency text not null,
        rental_minor integer,
        facts_at timestamptz not null,
        held_at timestamptz,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        expired_at timestamptz,
        picked_up_at timestamptz,
        returned_at timestamptz,
        no_show_at timestamptz,
        booking_lost_at timestamptz,
        cancelled_by text check (cancelled_by in ('customer', 'operator')),
        cancel_reason text,
        cancelled_was_confirmed boolean,
        charges_minor integer,
        last_event_at timestamptz not null
      )`.execute(db);
    // The window's question: what happened since, or what overlaps it.
    await sql`create index insights_reservation_last_idx on inventory.insights_reservation (last_event_at)`.execute(
      db,
    );
    await sql`create index insights_reservation_end_idx on inventory.insights_reservation (ends_at)`.execute(
      db,
    );
    await sql`
      create table inventory.insights_person (
        step text not null check (step in ('invited', 'registered')),
        subject_id uuid not null,
        at timestamptz not null,
        primary key (step, subject_id)
      )`.execute(db);
    await sql`create index insights_person_at_idx on inventory.insights_person (at)`.execute(db);
    await sql`
      create table inventory.insights_search_day (
        day date not null,
        model text not null default '',
        from_day date not null,
        to_day date not null,
        searches integer not null,
        unmet integer not null,
        primary key (day, model, from_day, to_day)
      )`.execute(db);
    await sql`
      create table inventory.insights_searcher (
        day date not null,
        customer_id uuid not null,
        primary key (day, customer_id)
      )`.execute(db);
  },
  async down(db) {
    for (const table of [
      'insights_searcher',
      'insights_search_day',
      'insights_person',
      'insights_reservation',
    ])
      await db.schema.withSchema('inventory').dropTable(table).ifExists().execute();
  },
};
