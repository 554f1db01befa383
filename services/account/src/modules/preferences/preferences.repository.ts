import type { Kysely } from 'kysely';
import type { Preferences } from '@cybertacotruck/contracts';
import type { AccountTables } from '../../tables';

export class PreferencesRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  async insert(userId: string, preferences: Preferences): Promise<void> {
    await this.db
      .insertInto('account.preferences')
      .values({
        user_id: userId,
        channels: JSON.stringify(preferences.channels),
        quiet_hours: preferences.quietHours === null ? null : JSON.stringify(preferences.quietHours),
        time_zone: preferences.timeZone,
        language: preferences.language,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  async find(userId: string): Promise<Preferences | undefined> {
    const row = await this.db
      .selectFrom('account.preferences')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return (
      row && {
        channels: row.channels,
        quietHours: row.quiet_hours,
        timeZone: row.time_zone,
        language: row.language,
      }
    );
  }

  async update(userId: string, preferences: Preferences, at: Date): Promise<void> {
    await this.db
      .updateTable('account.preferences')
      .set({
        channels: JSON.stringify(preferences.channels),
        quiet_hours: preferences.quietHours === null ? null : JSON.stringify(preferences.quietHours),
        time_zone: preferences.timeZone,
        language: preferences.language,
        updated_at: at,
      })
      .where('user_id', '=', userId)
      .execute();
  }
}
