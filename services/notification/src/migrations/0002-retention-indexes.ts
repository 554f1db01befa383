import { sql, type Migration } from 'kysely';

/**
 * What the housekeeping sweep reads by: deliveries by message (the sweep's "no delivery left" check,
 * and the foreign-key check of every deleted message, which would otherwise scan the delivery log),
 * and each table by the age it is pruned at.
 */
export const m0002_retention_indexes: Migration = {
  async up(db) {
    const s = db.schema.withSchema('notification');
    await s.createIndex('delivery_outgoing_idx').on('delivery').column('outgoing_id').execute();
    await s
      .createIndex('outgoing_created_idx')
      .on('outgoing')
      .column('created_at')
      .where(sql.ref('status'), 'in', ['done', 'failed'])
      .execute();
    await s
      .createIndex('reminder_past_idx')
      .on('reminder')
      .column('due_at')
      .where(sql.ref('status'), 'in', ['fired', 'cancelled'])
      .execute();
    await s.createIndex('reservation_ends_idx').on('reservation').column('ends_at').execute();
    await s.createIndex('dev_message_created_idx').on('dev_message').column('created_at').execute();
  },
  async down(db) {
    const s = db.schema.withSchema('notification');
    for (const index of [
      'dev_message_created_idx',
      'reservation_ends_idx',
      'reminder_past_idx',
      'outgoing_created_idx',
      'delivery_outgoing_idx',
    ])
      await s.dropIndex(index).execute();
  },
};
