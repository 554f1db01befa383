import type { Kysely, Selectable } from 'kysely';
import type { Language } from '@cybertacotruck/contracts';
import type { AccountTables, InvitationTable } from '../../tables';

export interface InvitationRecord {
  id: string;
  phone: string;
  name: string | null;
  invitedBy: string;
  tokenHash: string;
  codeHash: string;
  failedAttempts: number;
  expiresAt: Date;
  /** The link's issue: 1, then one more per resend (the events name it; an older one is not sent). */
  sentCount: number;
  lastSentAt: Date;
  delivery: 'sent' | 'failed' | 'queued';
  /** The token and code sealed for the notification service's sender; null once used. */
  secretSealed: string | null;
  linkBase: string | null;
  language: Language;
  acceptedAt: Date | null;
  createdAt: Date;
}

const toRecord = (row: Selectable<InvitationTable>): InvitationRecord => ({
  id: row.id,
  phone: row.phone_e164,
  name: row.name,
  invitedBy: row.invited_by,
  tokenHash: row.token_hash,
  codeHash: row.code_hash,
  failedAttempts: row.failed_attempts,
  expiresAt: row.expires_at,
  sentCount: row.sent_count,
  lastSentAt: row.last_sent_at,
  delivery: row.delivery,
  secretSealed: row.secret_sealed,
  linkBase: row.link_base,
  language: row.language,
  acceptedAt: row.accepted_at,
  createdAt: row.created_at,
});

export class InvitationsRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  async insert(input: {
    id: string;
    phone: string;
    name: string | null;
    invitedBy: string;
    tokenHash: string;
    codeHash: string;
    secretSealed: string;
    linkBase: string;
    language: Language;
    expiresAt: Date;
    at: Date;
  }): Promise<InvitationRecord> {
    const row = await this.db
      .insertInto('account.invitation')
      .values({
        id: input.id,
        secret_sealed: input.secretSealed,
        link_base: input.linkBase,
        language: input.language,
        phone_e164: input.phone,
        name: input.name,
        invited_by: input.invitedBy,
        token_hash: input.tokenHash,
        code_hash: input.codeHash,
        expires_at: input.expiresAt,
        last_sent_at: input.at,
        delivery: 'queued',
        created_at: input.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async findById(id: string): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .selectFrom('account.invitation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .selectFrom('account.invitation')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findOpenByPhone(phone: string): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .selectFrom('account.invitation')
      .selectAll()
      .where('phone_e164', '=', phone)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<InvitationRecord[]> {
    const rows = await this.db
      .selectFrom('account.invitation')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(500)
      .execute();
    return rows.map(toRecord);
  }

  /** A new token, code and expiry: the old link stops working the moment this commits. */
  async reissue(
    id: string,
    input: {
      tokenHash: string;
      codeHash: string;
      secretSealed: string;
      linkBase: string;
      expiresAt: Date;
      at: Date;
    },
  ): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .updateTable('account.invitation')
      .set((eb) => ({
        token_hash: input.tokenHash,
        code_hash: input.codeHash,
        secret_sealed: input.secretSealed,
        link_base: input.linkBase,
        expires_at: input.expiresAt,
        failed_attempts: 0,
        sent_count: eb('sent_count', '+', 1),
        last_sent_at: input.at,
        delivery: 'queued',
      }))
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Counts a wrong code against the link it was typed for; returns the new count. */
  async recordFailedAttempt(id: string, tokenHash: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('account.invitation')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .where('token_hash', '=', tokenHash)
      .returning('failed_attempts')
      .executeTakeFirst();
    return row?.failed_attempts;
  }

  /**
   * Redeems the link once: only an open, unexpired, unlocked invitation with this very token
   * matches, so of two concurrent registrations exactly one gets the row.
   */
  async accept(
    id: string,
    tokenHash: string,
    userId: string,
    input: { at: Date; maxAttempts: number },
  ): Promise<boolean> {
    const row = await this.db
      .updateTable('account.invitation')
      // The link is spent: nothing is left to send, so its sealed copy goes.
      .set({ accepted_at: input.at, accepted_user_id: userId, secret_sealed: null })
      .where('id', '=', id)
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', input.at)
      .where('failed_attempts', '<', input.maxAttempts)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }
}
