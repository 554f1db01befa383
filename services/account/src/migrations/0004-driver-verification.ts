import { sql, type Migration } from 'kysely';

/**
 * Driver verification (issue 17 item 3): one row per renter, the licence they gave and the
 * operator's decision. The licence number is sealed (SecretBox, the user id as associated data);
 * the photos live in the photo store, sealed, under the keys kept here.
 */
export const m0004_driver_verification: Migration = {
  async up(db) {
    await db.schema
      .withSchema('account')
      .createTable('driver_verification')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('account.user.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('draft', 'pending', 'approved', 'rejected')`),
      )
      .addColumn('licence_number_sealed', 'text')
      .addColumn('country', 'text')
      .addColumn('region', 'text')
      .addColumn('expires_on', 'date')
      .addColumn('date_of_birth', 'date')
      .addColumn('front_key', 'text')
      .addColumn('back_key', 'text')
      .addColumn('selfie_key', 'text')
      .addColumn('submitted_at', 'timestamptz')
      .addColumn('decided_at', 'timestamptz')
      .addColumn('decided_by', 'uuid')
      .addColumn('decision_reason', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`create index driver_verification_status_idx
      on account.driver_verification (status, submitted_at)`.execute(db);
  },
};
