import { sql, type Migration } from 'kysely';

/**
 * Invitation and password-reset SMS (issue 13 item 6): an invitee has no account yet, so a delivery
 * may have no user; and such a delivery names what its link or code is fetched by at send time
 * (`secret_ref`, e.g. `invitation:<id>:<issue>`) — the secret itself is never stored here.
 */
export const m0004_account_sms: Migration = {
  async up(db) {
    await sql`alter table notification.delivery alter column user_id drop not null`.execute(db);
    await db.schema
      .withSchema('notification')
      .alterTable('delivery')
      .addColumn('secret_ref', 'text')
      .execute();
  },
};
