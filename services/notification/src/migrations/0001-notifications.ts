import { sql, type Migration } from 'kysely';
import { createConsumerTables } from '@cybertacotruck/bus';

const SCHEMA = 'notification';
const now = sql`now()`;
const uuid = sql`gen_random_uuid()`;

/**
 * Messages to render (outgoing), deliveries (one per source × channel × recipient), reminders,
 * the projections operator alerts are computed from, the alerts, the dev inbox and the bus's
 * inbox and dead letters.
 */
export const m0001_notifications: Migration = {
  async up(db) {
    const s = db.schema.withSchema(SCHEMA);
    await createConsumerTables(db, SCHEMA);

    await s
      .createTable('outgoing')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('source_id', 'uuid', (c) => c.notNull())
      .addColumn('template', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addUniqueConstraint('outgoing_source_key', ['source_id', 'template', 'audience'])
      .execute();
    await s
      .createIndex('outgoing_pending_idx')
      .on('outgoing')
      .column('next_attempt_at')
      .where(sql.ref('status'), '=', 'pending')
      .execute();

    await s
      .createTable('delivery')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('event_id', 'uuid', (c) => c.notNull())
      .addColumn('outgoing_id', 'uuid', (c) => c.notNull().references(`${SCHEMA}.outgoing.id`))
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('template', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind in ('reservation', 'reminder', 'account', 'marketing')`),
      )
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'es', 'fr', 'de')`))
      .addColumn('subject', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('html', 'text')
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('queued', 'held', 'sending', 'sent', 'failed', 'skipped')`),
      )
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('provider_message_id', 'text')
      .addColumn('last_error', 'text')
      .addColumn('not_before', 'timestamptz', (c) => c.notNull())
      .addColumn('lease_id', 'uuid')
      .addColumn('lease_until', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('sent_at', 'timestamptz')
      // Exactly one delivery per event × channel × recipient, however often the event arrives.
      .addUniqueConstraint('delivery_event_channel_recipient_key', ['event_id', 'channel', 'recipient'])
      .execute();
    await s
      .createIndex('delivery_due_idx')
      .on('delivery')
      .column('not_before')
      .where(sql.ref('status'), 'in', ['queued', 'held'])
      .execute();
    await s
      .createIndex('delivery_lease_idx')
      .on('delivery')
      .column('lease_until')
      .where(sql.ref('status'), '=', 'sending')
      .execute();
    await s.createIndex('delivery_user_idx').on('delivery').columns(['user_id', 'created_at']).execute();
    await s.createIndex('delivery_created_idx').on('delivery').column('created_at').execute();

    await s
      .createTable('reminder')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('reservation_id', 'uuid', (c) => c.notNull())
      .addColumn('customer_id', 'uuid', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('24h', '1h')`))
      .addColumn('due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'fired', 'cancelled')`))
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addUniqueConstraint('reminder_reservation_kind_key', ['reservation_id', 'kind'])
      .execute();
    await s
      .createIndex('reminder_due_idx')
      .on('reminder')
      .column('due_at')
      .where(sql.ref('status'), '=', 'pending')
      .execute();

    await s
      .createTable('reservation')
      .addColumn('reservation_id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull())
      .addColumn('vehicle_id', 'uuid', (c) => c.notNull())
      .addColumn('vehicle_name', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'cancelled')`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await s
      .createIndex('reservation_vehicle_idx')
      .on('reservation')
      .columns(['vehicle_id', 'starts_at'])
      .execute();

    await s
      .createTable('vehicle_status')
      .addColumn('vehicle_id', 'uuid', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('connectivity', 'text', (c) => c.notNull())
      .addColumn('streaming', 'boolean', (c) => c.notNull())
      .addColumn('battery_level', 'integer')
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .execute();

    await s
      .createTable('alert')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('reason', 'text', (c) =>
        c.notNull().check(sql`reason in ('low_charge', 'offline', 'telemetry_lost')`),
      )
      .addColumn('reservation_id', 'uuid', (c) => c.notNull())
      .addColumn('vehicle_id', 'uuid', (c) => c.notNull())
      .addColumn('vehicle_name', 'text', (c) => c.notNull())
      .addColumn('battery_level', 'integer')
      .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      // Once per reservation × reason.
      .addUniqueConstraint('alert_reservation_reason_key', ['reservation_id', 'reason'])
      .execute();
    await s.createIndex('alert_created_idx').on('alert').column('created_at').execute();

    await s
      .createTable('dev_message')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
      .addColumn('to', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await s.createIndex('dev_message_to_idx').on('dev_message').columns(['to', 'created_at']).execute();
  },
  async down(db) {
    const s = db.schema.withSchema(SCHEMA);
    for (const table of [
      'dev_message',
      'alert',
      'vehicle_status',
      'reservation',
      'reminder',
      'delivery',
      'outgoing',
      'dead_letter',
      'inbox',
    ])
      await s.dropTable(table).execute();
  },
};
