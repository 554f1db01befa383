import type { Kysely } from 'kysely';
import type { AccountTables } from '../../tables';

/** Failed attempts per key in a sliding window: a rate limiter every replica shares. */
export class LoginAttemptsRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  /** How many failures each key has since `since`, and the oldest of them. */
  async count(keys: string[], since: Date): Promise<Map<string, { count: number; oldest: Date }>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('account.login_attempt')
      .select((eb) => ['key', eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
      .where('key', 'in', keys)
      .where('at', '>', since)
      .groupBy('key')
      .execute();
    return new Map(rows.map((r) => [r.key, { count: r.count, oldest: new Date(r.oldest) }]));
  }

  async record(keys: string[], at: Date, prune: Date): Promise<void> {
    await this.db
      .insertInto('account.login_attempt')
      .values(keys.map((key) => ({ key, at })))
      .execute();
    // Keep the table small: rows older than the window count for nothing.
    await this.db
      .deleteFrom('account.login_attempt')
      .where('key', 'in', keys)
      .where('at', '<=', prune)
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('account.login_attempt').where('key', '=', key).execute();
  }

  /** Forgets an account's failures, overall and from every address (after a password reset). */
  async clearAccount(key: string): Promise<void> {
    await this.db
      .deleteFrom('account.login_attempt')
      .where((eb) => eb.or([eb('key', '=', key), eb('key', 'like', `pair:%|${key}`)]))
      .execute();
  }
}
