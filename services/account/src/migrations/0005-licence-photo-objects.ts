import { sql, type Migration } from 'kysely';

/**
 * Licence photos kept in PostgreSQL (LICENCE_PHOTO_IN_DATABASE): for clusters with no object storage
 * (the local overlay), where a pod's own disk would lose them and split them between replicas.
 * The bytes are sealed before they arrive here, as they are for S3.
 */
export const m0005_licence_photo_objects: Migration = {
  async up(db) {
    await db.schema
      .withSchema('account')
      .createTable('licence_photo_object')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('sealed', 'bytea', (c) => c.notNull())
      .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
