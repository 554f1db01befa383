import type { Kysely, Selectable } from 'kysely';
import type { Role } from '@cybertacotruck/contracts';
import type { AccountTables, UserTable } from '../../tables';

export interface UserRecord {
  id: string;
  role: Role;
  phone: string;
  email: string | null;
  name: string;
  passwordHash: string;
  createdAt: Date;
}

const toRecord = (row: Selectable<UserTable>): UserRecord => ({
  id: row.id,
  role: row.role,
  phone: row.phone_e164,
  email: row.email,
  name: row.name,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

export class UsersRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  async insert(user: {
    role: Role;
    phone: string;
    email: string | null;
    name: string;
    passwordHash: string;
  }): Promise<UserRecord> {
    const row = await this.db
      .insertInto('account.user')
      .values({
        role: user.role,
        phone_e164: user.phone,
        email: user.email,
        name: user.name,
        password_hash: user.passwordHash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('account.user').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByPhone(phone: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('account.user')
      .selectAll()
      .where('phone_e164', '=', phone)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('account.user')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async listByRole(role: Role): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('account.user')
      .selectAll()
      .where('role', '=', role)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async anyWithRole(role: Role): Promise<boolean> {
    const row = await this.db
      .selectFrom('account.user')
      .select('id')
      .where('role', '=', role)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Changes name and/or e-mail (lower-cased); the updated user, or undefined when there is none. */
  async updateProfile(
    id: string,
    changes: { name?: string; email?: string },
    at: Date,
  ): Promise<UserRecord | undefined> {
    const row = await this.db
      .updateTable('account.user')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.email !== undefined ? { email: changes.email.toLowerCase() } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async setPhone(id: string, phone: string, at: Date): Promise<UserRecord | undefined> {
    const row = await this.db
      .updateTable('account.user')
      .set({ phone_e164: phone, updated_at: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async setPasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
    await this.db
      .updateTable('account.user')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('id', '=', id)
      .execute();
  }
}
