import { sql, type Migration } from 'kysely';

/**
 * SMS leave through the notification service (issue 13 item 6). Its sender asks for the link or
 * code when it sends, so account keeps them sealed (SecretBox, SECRET_KEYS) while they are usable:
 * the invitation's token and code with the origin the link is built on and the SMS's language, the
 * reset's code. Account sends nothing itself any more, so its dev inbox goes.
 */
export const m0003_sms_through_notification: Migration = {
  async up(db) {
    const s = db.schema.withSchema('account');
    await s
      .alterTable('invitation')
      .addColumn('secret_sealed', 'text')
      .addColumn('link_base', 'text')
      .addColumn('language', 'text', (c) =>
        c
          .notNull()
          .defaultTo('en')
          .check(sql`language in ('en', 'es', 'fr', 'de')`),
      )
      .execute();
    await sql`alter table account.invitation drop constraint if exists invitation_delivery_check`.execute(db);
    await sql`alter table account.invitation add constraint invitation_delivery_check
      check (delivery in ('sent', 'failed', 'queued'))`.execute(db);
    await s.alterTable('password_reset').addColumn('code_sealed', 'text').execute();
    await s.dropTable('dev_message').ifExists().execute();
  },
};
