import { sql, type Migration } from 'kysely';

/**
 * A phone change is confirmed with a code sent by SMS to the new number (issue 18 item 4). It uses
 * the password reset's code machinery and its table: one row per code, now with what it is for
 * (`purpose`) and, for a phone change, the number it was sent to (which becomes the account's on
 * confirmation). Additive: replicas still running 0005's code read and write resets as before.
 */
export const m0006_phone_change_codes: Migration = {
  async up(db) {
    await db.schema
      .withSchema('account')
      .alterTable('password_reset')
      .addColumn('purpose', 'text', (c) =>
        c
          .notNull()
          .defaultTo('password_reset')
          .check(sql`purpose in ('password_reset', 'phone_change')`),
      )
      .addColumn('phone_e164', 'text')
      .execute();
    await sql`alter table account.password_reset add constraint password_reset_phone_change_phone_check
      check (purpose <> 'phone_change' or phone_e164 is not null)`.execute(db);
  },
};
