import type { Kysely, Selectable } from 'kysely';
import type { AccountTables, PasswordResetTable } from '../../tables';

export interface PasswordResetRecord {
  id: string;
  userId: string;
  codeHash: string;
  /** The code sealed for the notification service's sender; null once used or replaced. */
  codeSealed: string | null;
  failedAttempts: number;
  expiresAt: Date;
  usedAt: Date | null;
}

const toRecord = (row: Selectable<PasswordResetTable>): PasswordResetRecord => ({
  id: row.id,
  userId: row.user_id,
  codeHash: row.code_hash,
  codeSealed: row.code_sealed,
  failedAttempts: row.failed_attempts,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

export class PasswordResetsRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  /** A new code replaces any earlier one still open for the user. */
  async replace(input: {
    id: string;
    userId: string;
    codeHash: string;
    codeSealed: string;
    expiresAt: Date;
    at: Date;
  }): Promise<void> {
    await this.db
      .updateTable('account.password_reset')
      .set({ used_at: input.at, code_sealed: null })
      .where('user_id', '=', input.userId)
      .where('used_at', 'is', null)
      .execute();
    await this.db
      .insertInto('account.password_reset')
      .values({
        id: input.id,
        user_id: input.userId,
        code_hash: input.codeHash,
        code_sealed: input.codeSealed,
        expires_at: input.expiresAt,
        used_at: null,
        created_at: input.at,
      })
      .execute();
  }

  async findOpen(userId: string, at: Date): Promise<PasswordResetRecord | undefined> {
    const row = await this.db
      .selectFrom('account.password_reset')
      .selectAll()
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findById(id: string): Promise<PasswordResetRecord | undefined> {
    const row = await this.db
      .selectFrom('account.password_reset')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async countRecent(userId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('account.password_reset')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async recordFailedAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('account.password_reset')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Uses the code once: a concurrent second confirm finds nothing to use. */
  async use(id: string, at: Date, maxAttempts: number): Promise<boolean> {
    const row = await this.db
      .updateTable('account.password_reset')
      .set({ used_at: at, code_sealed: null })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .where('failed_attempts', '<', maxAttempts)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }
}
