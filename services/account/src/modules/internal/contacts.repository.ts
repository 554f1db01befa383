import type { Kysely } from 'kysely';
import type { UserContact } from '@cybertacotruck/contracts';
import type { AccountTables } from '../../tables';

/** Users as recipients of messages: only what a message needs (never hashes or sessions). */
export class ContactsRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  private select() {
    return this.db.selectFrom('account.user').select(['id', 'role', 'name', 'phone_e164', 'email']);
  }

  async find(userId: string): Promise<UserContact | undefined> {
    const row = await this.select().where('id', '=', userId).executeTakeFirst();
    return row && { id: row.id, role: row.role, name: row.name, phone: row.phone_e164, email: row.email };
  }

  async operators(): Promise<UserContact[]> {
    const rows = await this.select().where('role', '=', 'operator').orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, role: r.role, name: r.name, phone: r.phone_e164, email: r.email }));
  }
}
