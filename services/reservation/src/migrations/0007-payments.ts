import { sql, type Migration } from 'kysely';
import { createConsumerTables } from '@cybertacotruck/bus';

/**
 * Payments (issue 17 item 2): one row per reservation and purpose (the rental charged at
 * confirmation, the deposit authorised then captured or released) mirroring its Stripe
 * PaymentIntent; the ledger of every movement as a delta, so sums reconcile with Stripe; the
 * Stripe events already handled (a replayed webhook finds its id); the work owed to Stripe
 * after a reservation event (refund, release, capture), done by a worker outside the event's
 * transaction; and the inbox and dead letters of the service's own consumer group.
 */
export const m0007_payments: Migration = {
  async up(db) {
    await sql`create table reservation.payment (
      reservation_id uuid not null references reservation.reservation (id),
      purpose text not null check (purpose in ('rental', 'deposit')),
      payment_intent_id text not null unique,
      amount_minor integer not null check (amount_minor > 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      status text not null,
      authorized_minor integer not null default 0 check (authorized_minor >= 0),
      captured_minor integer not null default 0 check (captured_minor >= 0),
      refunded_minor integer not null default 0 check (refunded_minor >= 0),
      released_minor integer not null default 0 check (released_minor >= 0),
      capturable_minor integer not null default 0 check (capturable_minor >= 0),
      card_brand text,
      card_last4 text,
      last_error text,
      return_url text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (reservation_id, purpose)
    )`.execute(db);
    await sql`create table reservation.payment_ledger (
      id bigint generated always as identity primary key,
      reservation_id uuid not null,
      purpose text not null,
      payment_intent_id text not null,
      kind text not null check (kind in ('authorized', 'captured', 'released', 'refunded')),
      amount_minor integer not null check (amount_minor > 0),
      currency text not null,
      at timestamptz not null default now()
    )`.execute(db);
    await sql`create index payment_ledger_reservation_idx on reservation.payment_ledger (reservation_id, id)`.execute(
      db,
    );
    await sql`create table reservation.payment_webhook_event (
      event_id text primary key,
      type text not null,
      payment_intent_id text,
      received_at timestamptz not null default now()
    )`.execute(db);
    await sql`create table reservation.payment_task (
      reservation_id uuid not null,
      kind text not null check (kind in ('settle-closed', 'capture-at-return')),
      amount_minor integer check (amount_minor >= 0),
      currency text,
      event_id uuid not null,
      attempts integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      not_before timestamptz not null default now(),
      done_at timestamptz,
      primary key (reservation_id, kind)
    )`.execute(db);
    await sql`create index payment_task_due_idx on reservation.payment_task (not_before) where done_at is null`.execute(
      db,
    );
    await createConsumerTables(db, 'reservation');
  },
  async down(db) {
    for (const table of [
      'dead_letter',
      'inbox',
      'payment_task',
      'payment_webhook_event',
      'payment_ledger',
      'payment',
    ])
      await sql`drop table ${sql.id('reservation', table)}`.execute(db);
  },
};
