import type { Kysely } from 'kysely';
import type { Channel } from '@cybertacotruck/contracts';
import type { NotificationTables } from '../../tables';

export interface DevMessageRecord {
  id: string;
  channel: Channel;
  to: string;
  body: string;
  createdAt: Date;
}

/** Messages that would have been sent, when no provider is configured. Development only. */
export class DevInboxRepository {
  constructor(private readonly db: Kysely<NotificationTables>) {}

  async insert(message: { channel: Channel; to: string; body: string }): Promise<string> {
    const row = await this.db
      .insertInto('notification.dev_message')
      .values(message)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async list(filter: { to?: string; limit?: number }): Promise<DevMessageRecord[]> {
    let query = this.db.selectFrom('notification.dev_message').selectAll();
    if (filter.to !== undefined) query = query.where('to', '=', filter.to);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      to: r.to,
      body: r.body,
      createdAt: r.created_at,
    }));
  }
}
