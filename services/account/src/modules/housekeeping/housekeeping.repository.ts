import type { Kysely } from 'kysely';
import type { AccountTables } from '../../tables';

export interface SweepCutoffs {
  /** Sessions that expired before this are deleted (a little after expiry, for support questions). */
  sessionsExpiredBefore: Date;
  /** Login attempts older than this no longer count towards any limit. */
  loginAttemptsBefore: Date;
  /** Password-reset codes that expired (or were used) before this. */
  passwordResetsBefore: Date;
  /** Invitations that expired before this no longer need their sealed link (a resend seals a new one). */
  invitationLinksExpiredBefore: Date;
}

export type SweepCounts = Record<'sessions' | 'loginAttempts' | 'passwordResets' | 'expiredLinks', number>;

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
    const expiredLinks = await this.db
      .updateTable('account.invitation')
      .set({ secret_sealed: null })
      .where('expires_at', '<', cutoffs.invitationLinksExpiredBefore)
      .where('secret_sealed', 'is not', null)
      .executeTakeFirst();
    return {
      sessions: count(sessions),
      loginAttempts: count(loginAttempts),
      passwordResets: count(passwordResets),
      expiredLinks: Number(expiredLinks.numUpdatedRows),
    };
  }
}
