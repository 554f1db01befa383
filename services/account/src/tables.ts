import type { OutboxTable } from '@cybertacotruck/bus';
import type { ColumnType, Generated } from 'kysely';
import type { Language, Preferences, QuietHours, Role } from '@cybertacotruck/contracts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type SmsCodePurpose = 'password_reset' | 'phone_change';

export type UserTable = {
  id: Generated<string>;
  role: Role;
  phone_e164: string;
  /** Stored lower-cased; unique when present. */
  email: string | null;
  name: string;
  /** argon2id, PHC string. */
  password_hash: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

export type InvitationTable = {
  id: Generated<string>;
  phone_e164: string;
  name: string | null;
  invited_by: string;
  /** SHA-256 (hex) of the link token: the token itself is only ever in the SMS. */
  token_hash: string;
  /** SHA-256 of token + code: without the token the code cannot be brute-forced from a dump. */
  code_hash: string;
  failed_attempts: ColumnType<number, number | undefined, number>;
  expires_at: Date;
  sent_count: ColumnType<number, number | undefined, number>;
  last_sent_at: Date;
  delivery: 'sent' | 'failed' | 'queued';
  /**
   * The token and code, sealed (SecretBox, the row id and issue as associated data), so the
   * notification service's sender can ask for the link when it sends; cleared once used.
   */
  secret_sealed: string | null;
  /** The origin the link is built on when PUBLIC_URL is unset (the operator's request's). */
  link_base: string | null;
  language: ColumnType<Language, Language | undefined, Language>;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  created_at: CreatedAt;
};

export type SessionTable = {
  /** SHA-256 (hex) of the session id the cookie carries. */
  id_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string | null;
};

export type PreferencesTable = {
  user_id: string;
  channels: ColumnType<Preferences['channels'], string, string>;
  quiet_hours: ColumnType<QuietHours | null, string | null, string | null>;
  time_zone: string;
  language: Language;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** One row per failed sign-in, per key (`id:<phone or e-mail>`, `ip:<address>`). */
export type LoginAttemptTable = {
  key: string;
  at: Date;
};

/**
 * Every code sent by SMS to a signed-up user: password resets and phone changes (migration 0006);
 * the table keeps its first name.
 */
export type PasswordResetTable = {
  id: Generated<string>;
  user_id: string;
  purpose: ColumnType<SmsCodePurpose, SmsCodePurpose | undefined, never>;
  /** A phone change's new number (E.164), where its code was sent; null for a reset. */
  phone_e164: ColumnType<string | null, string | null | undefined, never>;
  code_hash: string;
  /** The code, sealed, for the notification service's sender to ask for; cleared once used. */
  code_sealed: string | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
};

/** A renter's licence and the operator's decision (one row per user; photos in the photo store). */
export type DriverVerificationTable = {
  user_id: string;
  status: 'draft' | 'pending' | 'approved' | 'rejected';
  licence_number_sealed: string | null;
  country: string | null;
  region: string | null;
  /** `date` columns, read as YYYY-MM-DD text (see the repository). */
  expires_on: string | null;
  date_of_birth: string | null;
  front_key: string | null;
  back_key: string | null;
  selfie_key: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** The account service's tables, schema-qualified: its code can name no other service's table. */
export type AccountTables = {
  'account.user': UserTable;
  'account.invitation': InvitationTable;
  'account.session': SessionTable;
  'account.preferences': PreferencesTable;
  'account.login_attempt': LoginAttemptTable;
  'account.password_reset': PasswordResetTable;
  'account.driver_verification': DriverVerificationTable;
  'account.licence_photo_object': LicencePhotoObjectTable;
  'account.outbox': OutboxTable;
};

/** Sealed licence photos when LICENCE_PHOTO_IN_DATABASE is set (migration 0005). */
export interface LicencePhotoObjectTable {
  key: string;
  sealed: Buffer;
  stored_at: Generated<Date>;
}
