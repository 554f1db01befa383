import type { Kysely } from 'kysely';
import { OutboxRepository } from '@cybertacotruck/bus';
import type { Logger, SecretBox } from '@cybertacotruck/platform';
import type { AccountConfig } from './config';
import type { PhoneOptions } from './lib/phone';
import { DriverVerificationRepository } from './modules/driver-verification/driver-verification.repository';
import { InvitationsRepository } from './modules/invitations/invitations.repository';
import { PreferencesRepository } from './modules/preferences/preferences.repository';
import { LoginAttemptsRepository } from './modules/sessions/login-attempts.repository';
import { PasswordResetsRepository } from './modules/sessions/password-resets.repository';
import { SessionsRepository } from './modules/sessions/sessions.repository';
import { UsersRepository } from './modules/users/users.repository';
import type { AccountTables } from './tables';

/** Every repository over one handle: the database, or a transaction so their writes commit together. */
export function repositories(db: Kysely<AccountTables>) {
  return {
    users: new UsersRepository(db),
    invitations: new InvitationsRepository(db),
    sessions: new SessionsRepository(db),
    preferences: new PreferencesRepository(db),
    outbox: new OutboxRepository(db, 'account'),
    loginAttempts: new LoginAttemptsRepository(db),
    passwordResets: new PasswordResetsRepository(db),
    driverVerifications: new DriverVerificationRepository(db),
  };
}
export type Repositories = ReturnType<typeof repositories>;

/**
 * What the account services share: storage, configuration, the keyring that seals links and codes
 * until the notification service sends them, and the clock.
 */
export interface AccountDeps {
  db: Kysely<AccountTables>;
  repos: Repositories;
  config: AccountConfig;
  phone: PhoneOptions;
  box: SecretBox;
  now: () => Date;
  logger: Logger;
}

/** Runs `work` in one transaction with repositories bound to it. */
export const inTransaction = <T>(deps: AccountDeps, work: (repos: Repositories) => Promise<T>): Promise<T> =>
  deps.db.transaction().execute((trx) => work(repositories(trx)));
