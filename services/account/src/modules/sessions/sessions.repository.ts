import { sql, type Kysely } from 'kysely';
import type { Role } from '@cybertacotruck/contracts';
import type { AccountTables } from '../../tables';

export interface SessionRecord {
  idHash: string;
  userId: string;
  role: Role;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export class SessionsRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  async insert(input: {
    idHash: string;
    userId: string;
    at: Date;
    expiresAt: Date;
    userAgent: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('account.session')
      .values({
        id_hash: input.idHash,
        user_id: input.userId,
        created_at: input.at,
        last_seen_at: input.at,
        expires_at: input.expiresAt,
        user_agent: input.userAgent,
      })
      .execute();
  }

  /** The live session with this hash and its user's role, or undefined. */
  async findLive(idHash: string, at: Date): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('account.session as s')
      .innerJoin('account.user as u', 'u.id', 's.user_id')
      .select(['s.id_hash', 's.user_id', 'u.role', 's.created_at', 's.last_seen_at', 's.expires_at'])
      .where('s.id_hash', '=', idHash)
      .where('s.expires_at', '>', at)
      .executeTakeFirst();
    return (
      row && {
        idHash: row.id_hash,
        userId: row.user_id,
        role: row.role,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      }
    );
  }

  /** Sliding expiry: pushes `expires_at` to `idleUntil`, never past the session's absolute end. */
  async touch(idHash: string, at: Date, idleUntil: Date, maxAgeMs: number): Promise<Date | undefined> {
    const row = await this.db
      .updateTable('account.session')
      .set({
        last_seen_at: at,
        expires_at: sql<Date>`least(${idleUntil}::timestamptz, created_at + ${`${maxAgeMs} milliseconds`}::interval)`,
      })
      .where('id_hash', '=', idHash)
      .returning('expires_at')
      .executeTakeFirst();
    return row?.expires_at;
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('account.session').where('id_hash', '=', idHash).execute();
  }

  /** Every session of the user but the one with `keepIdHash`; returns how many ended. */
  async deleteOthersOfUser(userId: string, keepIdHash: string): Promise<number> {
    const result = await this.db
      .deleteFrom('account.session')
      .where('user_id', '=', userId)
      .where('id_hash', '<>', keepIdHash)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteAllForUser(userId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('account.session')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
