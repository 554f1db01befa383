import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { Channel } from '@cybertacotruck/contracts';

/** The columns of a service's dev inbox table (`<schema>.dev_message`). */
export interface DevMessageTable {
  id: Generated<string>;
  channel: Channel;
  to: string;
  body: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface DevMessageRecord {
  id: string;
  channel: Channel;
  to: string;
  body: string;
  createdAt: Date;
}

/** The schema-qualified names of `DB`'s tables that have the dev inbox's columns. */
export type DevInboxTableOf<DB> = {
  [K in keyof DB & `${string}.${string}`]: DB[K] extends { channel: Channel; to: string; body: string }
    ? K
    : never;
}[keyof DB & `${string}.${string}`];

type DevInboxDatabase = Record<string, DevMessageTable>;

const toRecord = (r: Selectable<DevMessageTable>): DevMessageRecord => ({
  id: r.id,
  channel: r.channel,
  to: r.to,
  body: r.body,
  createdAt: r.created_at,
});

/**
 * Messages that would have been sent, when no provider is configured. Development only.
 * Each service keeps them in its own table: `new DevInboxRepository(db, 'account.dev_message')`.
 */
export class DevInboxRepository<DB = unknown> {
  private readonly db: Kysely<DevInboxDatabase>;
  private readonly table: string;

  /** `table`: `<schema>.<table>`, one of `db`'s tables with the dev inbox's columns. */
  constructor(db: Kysely<DB>, table: DevInboxTableOf<DB>) {
    // DevInboxTableOf checked the table's columns; the queries below name only those.
    this.db = db as unknown as Kysely<DevInboxDatabase>;
    this.table = table;
  }

  async insert(message: { channel: Channel; to: string; body: string }): Promise<string> {
    const row = await this.db
      .insertInto(this.table)
      .values(message)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A recipient's messages on one channel kept at or after `since`, oldest first. */
  async findSince(filter: { channel: Channel; to: string; since: Date }): Promise<DevMessageRecord[]> {
    const rows = await this.db
      .selectFrom(this.table)
      .selectAll()
      .where('channel', '=', filter.channel)
      .where('to', '=', filter.to)
      .where('created_at', '>=', filter.since)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1000)
      .execute();
    return rows.map(toRecord);
  }

  async list(filter: { to?: string; limit?: number }): Promise<DevMessageRecord[]> {
    let query = this.db.selectFrom(this.table).selectAll();
    if (filter.to !== undefined) query = query.where('to', '=', filter.to);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }
}
