import type { Kysely, Selectable } from 'kysely';
import type { AccountTables, PasswordResetTable, SmsCodePurpose } from '../../tables';

/** A code sent by SMS: a password reset's, or a phone change's (with the new number). */
export interface PasswordResetRecord {
  id: string;
  userId: string;
  purpose: SmsCodePurpose;
  /** A phone change's new number (E.164); null for a reset. */
  phone: string | null;
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
  purpose: row.purpose,
  phone: row.phone_e164,
  codeHash: row.code_hash,
  codeSealed: row.code_sealed,
  failedAttempts: row.failed_attempts,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

/**
 * The SMS codes of signed-up users (table `account.password_reset`, which holds phone-change codes
 * too since migration 0006). Every query names the purpose: a reset code never confirms a phone
 * change, nor the reverse.
 */
export class PasswordResetsRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  /** A new code replaces any earlier one of the same purpose still open for the user. */
  async replace(input: {
    id: string;
    userId: string;
    purpose: SmsCodePurpose;
    phone?: string;
    codeHash: string;
    codeSealed: string;
    expiresAt: Date;
    at: Date;
  }): Promise<void> {
    await this.db
      .updateTable('account.password_reset')
      .set({ used_at: input.at, code_sealed: null })
      .where('user_id', '=', input.userId)
      .where('purpose', '=', input.purpose)
      .where('used_at', 'is', null)
      .execute();
    await this.db
      .insertInto('account.password_reset')
      .values({
        id: input.id,
        user_id: input.userId,
        purpose: input.purpose,
        phone_e164: input.phone ?? null,
        code_hash: input.codeHash,
        code_sealed: input.codeSealed,
        expires_at: input.expiresAt,
        used_at: null,
        created_at: input.at,
      })
      .execute();
  }

  async findOpen(
    userId: string,
    purpose: SmsCodePurpose,
    at: Date,
  ): Promise<PasswordResetRecord | undefined> {
    const row = await this.db
      .selectFrom('account.password_reset')
      .selectAll()
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findById(id: string, purpose: SmsCodePurpose): Promise<PasswordResetRecord | undefined> {
    const row = await this.db
      .selectFrom('account.password_reset')
      .selectAll()
      .where('id', '=', id)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Codes of this purpose sent to the user since `since`, and when the oldest of them was. */
  async countRecent(
    userId: string,
    purpose: SmsCodePurpose,
    since: Date,
  ): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom('account.password_reset')
      .select((eb) => [
        eb.fn.countAll<string | number>().as('n'),
        eb.fn.min<Date | null>('created_at').as('oldest'),
      ])
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest) : null };
  }

  /** One more wrong code; returns the attempts made so far. */
  async recordFailedAttempt(id: string): Promise<number> {
    const row = await this.db
      .updateTable('account.password_reset')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('failed_attempts')
      .executeTakeFirst();
    return row?.failed_attempts ?? Number.MAX_SAFE_INTEGER;
  }

  /** Ends every open code of this purpose of the user (e.g. reset codes sent to a phone it no longer has). */
  async closeOpen(userId: string, purpose: SmsCodePurpose, at: Date): Promise<void> {
    await this.db
      .updateTable('account.password_reset')
      .set({ used_at: at, code_sealed: null })
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
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
