import { sql, type Migration } from 'kysely';
import { createOutboxTable } from '@cybertacotruck/bus';

const SCHEMA = 'account';
const now = sql`now()`;
const uuid = sql`gen_random_uuid()`;

/**
 * Users and roles, invitations (registration links), sessions, preferences, the dev inbox, failed
 * sign-ins, password resets and the outbox. Secrets (link tokens, codes, session ids) are stored
 * only as hashes.
 */
export const m0001_accounts: Migration = {
  async up(db) {
    const s = db.schema.withSchema(SCHEMA);
    await s
      .createTable('user')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('customer', 'operator')`))
      .addColumn('phone_e164', 'text', (c) =>
        c
          .notNull()
          .unique()
          .check(sql`phone_e164 ~ '^\\+[1-9][0-9]{6,14}$'`),
      )
      .addColumn('email', 'text', (c) => c.unique().check(sql`email = lower(email)`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await s.createIndex('user_role_idx').on('user').columns(['role', 'created_at']).execute();

    await s
      .createTable('invitation')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
      .addColumn('phone_e164', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('invited_by', 'uuid', (c) => c.notNull().references(`${SCHEMA}.user.id`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('last_sent_at', 'timestamptz', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('sent', 'failed')`))
      .addColumn('accepted_at', 'timestamptz')
      .addColumn('accepted_user_id', 'uuid', (c) => c.references(`${SCHEMA}.user.id`).onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    // One open invitation per phone: a second invite is a resend of the first.
    await s
      .createIndex('invitation_open_phone_key')
      .on('invitation')
      .column('phone_e164')
      .unique()
      .where(sql.ref('accepted_at'), 'is', null)
      .execute();
    await s.createIndex('invitation_created_idx').on('invitation').column('created_at').execute();

    await s
      .createTable('session')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references(`${SCHEMA}.user.id`).onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .execute();
    await s.createIndex('session_user_idx').on('session').column('user_id').execute();
    await s.createIndex('session_expires_idx').on('session').column('expires_at').execute();

    await s
      .createTable('preferences')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey().references(`${SCHEMA}.user.id`).onDelete('cascade'))
      .addColumn('channels', 'jsonb', (c) => c.notNull())
      .addColumn('quiet_hours', 'jsonb')
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'es', 'fr', 'de')`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();

    await s
      .createTable('dev_message')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
      .addColumn('to', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await s.createIndex('dev_message_to_idx').on('dev_message').columns(['to', 'created_at']).execute();

    await s
      .createTable('login_attempt')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .execute();
    await s.createIndex('login_attempt_key_idx').on('login_attempt').columns(['key', 'at']).execute();

    await s
      .createTable('password_reset')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
      .addColumn('user_id', 'uuid', (c) => c.notNull().references(`${SCHEMA}.user.id`).onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await s.createIndex('password_reset_user_idx').on('password_reset').column('user_id').execute();

    await createOutboxTable(db, SCHEMA);
  },
  async down(db) {
    const s = db.schema.withSchema(SCHEMA);
    for (const table of [
      'outbox',
      'password_reset',
      'login_attempt',
      'dev_message',
      'preferences',
      'session',
      'invitation',
      'user',
    ])
      await s.dropTable(table).execute();
  },
};
