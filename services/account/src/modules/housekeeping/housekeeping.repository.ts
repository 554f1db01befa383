import type { Kysely } from 'kysely';
import type { AccountTables } from '../../tables';

export interface SweepCutoffs {
  /** Sessions that expired before this are deleted (a little after expiry, for support questions). */
  sessionsExpiredBefore: Date;
  /** Login attempts older than this no longer count towards any limit. */
  loginAttemptsBefore: Date;
  /** Password-reset codes that expired (or were used) before this. */
  passwordResetsBefore: Date;
  /** Dev-inbox messages older than this (development only: real SMS are not stored). */
  devMessagesBefore: Date;
}

export type SweepCounts = Record<'sessions' | 'loginAttempts' | 'passwordResets' | 'devMessages', number>;

/** Deletes what no rule reads any more; every statement is bounded by an indexed time column. */
export class HousekeepingRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  async sweep(cutoffs: SweepCutoffs): Promise<SweepCounts> {
    const count = (result: { numDeletedRows: bigint }[]) => Number(result[0]?.numDeletedRows ?? 0n);
    const sessions = await this.db
      .deleteFrom('account.session')
      .where('expires_at', '<', cutoffs.sessionsExpiredBefore)
      .execute();
    const loginAttempts = await this.db
      .deleteFrom('account.login_attempt')
      .where('at', '<', cutoffs.loginAttemptsBefore)
      .execute();
    const passwordResets = await this.db
      .deleteFrom('account.password_reset')
      .where('expires_at', '<', cutoffs.passwordResetsBefore)
      .execute();
    const devMessages = await this.db
      .deleteFrom('account.dev_message')
      .where('created_at', '<', cutoffs.devMessagesBefore)
      .execute();
    return {
      sessions: count(sessions),
      loginAttempts: count(loginAttempts),
      passwordResets: count(passwordResets),
      devMessages: count(devMessages),
    };
  }
}
