import { sql, type Migration } from 'kysely';
import { createOutboxTable } from '@cybertacotruck/bus';

const SCHEMA = 'reservation';
const now = sql`now()`;

/** Prices a new fleet starts with, in USD cents; the operator changes them with PUT /rates/:model. */
const DEFAULT_RATES = [
  { model: 'model_3', daily: 8_900, deposit: 25_000 },
  { model: 'model_y', daily: 9_900, deposit: 25_000 },
  { model: 'model_s', daily: 14_900, deposit: 50_000 },
  { model: 'model_x', daily: 16_900, deposit: 50_000 },
  { model: 'cybertruck', daily: 19_900, deposit: 50_000 },
];

const FIRST_TERMS = {
  title: 'Rental terms',
  body: [
    'These terms apply to every rental you reserve with us. By confirming a reservation you accept them.',
    'Your rental. The vehicle is yours from the pickup time to the return time of your reservation. Rental days are counted in your time zone: from the pickup date to the return date, plus one day when you return later in the day than you picked up.',
    'Payment and deposit. The rental price (days × the daily rate of the model) and a refundable deposit are taken at pickup. The deposit is returned after the vehicle comes back on time, charged as it was handed over or above 20%, and undamaged.',
    'Drivers. Only the customer who reserved may drive, with a valid driving licence held for at least two years. No smoking and no pets without prior written agreement.',
    'Charging and tolls. Supercharging, tolls, parking and traffic fines during the rental are charged to you at cost.',
    'Late return. A return more than one hour late is charged as an extra rental day and may be refused when the vehicle is reserved after you.',
    'Cancellation. You may cancel free of charge until the time shown with your reservation (24 hours before pickup unless stated otherwise). After that, contact the operator. A reservation you have not confirmed can be abandoned at any time.',
    'Damage and accidents. Report any damage or accident to the operator at once. You are liable for damage you cause up to the amount of the deposit, unless caused by gross negligence.',
  ].join('\n\n'),
};

/**
 * Rates per model, versioned terms, reservations (with their frozen quote and the calendar claim
 * they occupy), idempotency keys and the outbox.
 */
export const m0001_reservations: Migration = {
  async up(db) {
    const s = db.schema.withSchema(SCHEMA);
    const models = sql`('model_3', 'model_y', 'model_s', 'model_x', 'cybertruck')`;

    await s
      .createTable('rate')
      .addColumn('model', 'text', (c) => c.primaryKey().check(sql`model in ${models}`))
      .addColumn('daily_rate_minor', 'integer', (c) => c.notNull().check(sql`daily_rate_minor >= 0`))
      .addColumn('deposit_minor', 'integer', (c) => c.notNull().check(sql`deposit_minor >= 0`))
      .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    for (const r of DEFAULT_RATES)
      await sql`insert into reservation.rate (model, daily_rate_minor, deposit_minor, currency)
        values (${r.model}, ${r.daily}, ${r.deposit}, 'USD')`.execute(db);

    await s
      .createTable('terms')
      .addColumn('version', 'serial', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await sql`insert into reservation.terms (title, body)
      values (${FIRST_TERMS.title}, ${FIRST_TERMS.body})`.execute(db);

    await s
      .createTable('reservation')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull())
      .addColumn('vehicle_id', 'uuid', (c) => c.notNull())
      .addColumn('vehicle_model', 'text', (c) => c.notNull().check(sql`vehicle_model in ${models}`))
      .addColumn('vehicle_name', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('held', 'confirmed', 'cancelled', 'expired')`),
      )
      .addColumn('claim_id', 'uuid', (c) => c.notNull())
      .addColumn('hold_expires_at', 'timestamptz')
      .addColumn('pickup_date', 'date', (c) => c.notNull())
      .addColumn('return_date', 'date', (c) => c.notNull())
      .addColumn('days', 'integer', (c) => c.notNull().check(sql`days >= 1`))
      .addColumn('daily_rate_minor', 'integer', (c) => c.notNull().check(sql`daily_rate_minor >= 0`))
      .addColumn('subtotal_minor', 'integer', (c) => c.notNull().check(sql`subtotal_minor >= 0`))
      .addColumn('deposit_minor', 'integer', (c) => c.notNull().check(sql`deposit_minor >= 0`))
      .addColumn('total_due_minor', 'integer', (c) =>
        c.notNull().check(sql`total_due_minor = subtotal_minor + deposit_minor`),
      )
      .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
      .addColumn('terms_version', 'integer', (c) => c.notNull().references(`${SCHEMA}.terms.version`))
      .addColumn('terms_accepted_at', 'timestamptz')
      .addColumn('free_cancel_until', 'timestamptz', (c) => c.notNull())
      .addColumn('cancelled_by', 'text', (c) => c.check(sql`cancelled_by in ('customer', 'operator')`))
      .addColumn('cancelled_at', 'timestamptz')
      .addColumn('cancel_reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addCheckConstraint('reservation_period_check', sql`ends_at > starts_at`)
      // Each status carries exactly the facts it implies, so no code path can store half a change.
      .addCheckConstraint('reservation_held_check', sql`status <> 'held' or hold_expires_at is not null`)
      .addCheckConstraint(
        'reservation_confirmed_check',
        sql`status <> 'confirmed' or terms_accepted_at is not null`,
      )
      .addCheckConstraint(
        'reservation_cancelled_check',
        sql`(status = 'cancelled') = (cancelled_at is not null and cancelled_by is not null)`,
      )
      .execute();
    // A customer's lists, a vehicle's schedule, and the expiry sweep's scan of lapsed holds.
    await s
      .createIndex('reservation_customer_from_idx')
      .on('reservation')
      .columns(['customer_id', 'starts_at'])
      .execute();
    await s
      .createIndex('reservation_vehicle_from_idx')
      .on('reservation')
      .columns(['vehicle_id', 'starts_at'])
      .execute();
    await s
      .createIndex('reservation_status_hold_idx')
      .on('reservation')
      .columns(['status', 'hold_expires_at'])
      .execute();
    await s.createIndex('reservation_from_idx').on('reservation').column('starts_at').execute();

    await s
      .createTable('idempotency_key')
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('reservation_id', 'uuid')
      .addColumn('response_status', 'integer', (c) => c.check(sql`response_status between 200 and 499`))
      .addColumn('response_body', 'jsonb')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('lease_id', 'uuid', (c) => c.notNull())
      .addColumn('locked_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('completed_at', 'timestamptz')
      .addPrimaryKeyConstraint('idempotency_key_pkey', ['user_id', 'key'])
      .addCheckConstraint(
        'idempotency_key_answer_check',
        sql`(response_status is null) = (completed_at is null)`,
      )
      .execute();
    await s.createIndex('idempotency_key_created_idx').on('idempotency_key').column('created_at').execute();

    await createOutboxTable(db, SCHEMA);
  },
  async down(db) {
    const s = db.schema.withSchema(SCHEMA);
    for (const table of ['outbox', 'idempotency_key', 'reservation', 'terms', 'rate'])
      await s.dropTable(table).execute();
  },
};
