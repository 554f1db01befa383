import { AccountEvents, ProblemTypes, type PasswordResetCode } from '@cybertacotruck/contracts';
import { RuleViolationError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { hashPassword } from '../../lib/password';
import { requirePhone, requireStrongPassword } from '../users/identity';
import { accountKey } from './auth.service';
import { MAX_CODES_PER_WINDOW, SmsCodes } from './sms-codes';

/**
 * Password reset by a code sent to the account's phone; it ends every session of the account. The
 * SMS is the notification service's: the reset and its event commit together, and its sender asks
 * for the code (`code`) when it sends, so the code never travels in an event.
 */
export class PasswordResetService {
  private readonly codes: SmsCodes;

  constructor(private readonly deps: AccountDeps) {
    this.codes = new SmsCodes(deps, 'password_reset');
  }

  /** Always succeeds from the caller's view: whether the phone has an account is not revealed. */
  async request(phoneInput: string): Promise<void> {
    const { repos, config } = this.deps;
    const phone = requirePhone(phoneInput, this.deps.phone);
    const user = await repos.users.findByPhone(phone);
    if (!user) return;
    const at = this.deps.now();
    const ttlMs = config.PASSWORD_RESET_TTL_MINUTES * 60_000;
    if ((await this.codes.recent(user.id, ttlMs)).count >= MAX_CODES_PER_WINDOW) {
      this.deps.logger.warn({ userId: user.id }, 'password reset: too many codes requested; none sent');
      return;
    }
    await inTransaction(this.deps, async (tx) => {
      const { id, expiresAt } = await this.codes.issue(tx, { userId: user.id, ttlMs, at });
      await tx.outbox.append(
        AccountEvents.passwordResetRequested,
        user.id,
        { resetId: id, userId: user.id, expiresAt: expiresAt.toISOString() },
        at,
      );
    });
  }

  /** For the notification service's sender: the code, only while the reset is open and usable. */
  code(resetId: string): Promise<PasswordResetCode> {
    return this.codes.secretFor(resetId);
  }

  async confirm(input: { phone: string; code: string; newPassword: string }): Promise<void> {
    const { repos } = this.deps;
    const phone = requirePhone(input.phone, this.deps.phone);
    const user = await repos.users.findByPhone(phone);
    const at = this.deps.now();
    const reset = user && (await this.codes.open(user.id));
    if (!user || !reset) throw wrongCode();
    // The code first: until it matches, a known phone answers exactly as an unknown one, whatever
    // the new password (a password rule answered first would tell that the phone has an account).
    if (!this.codes.matches(reset, input.code)) {
      await this.codes.recordWrong(reset);
      throw wrongCode();
    }
    // The right code with a weak password: a 400 on newPassword, and the code stays usable.
    await requireStrongPassword(
      input.newPassword,
      { phone, name: user.name, ...(user.email ? { email: user.email } : {}) },
      'newPassword',
    );
    const passwordHash = await hashPassword(input.newPassword);
    await inTransaction(this.deps, async (tx) => {
      if (!(await this.codes.use(tx, reset, at))) throw wrongCode();
      await tx.users.setPasswordHash(user.id, passwordHash, at);
      await tx.sessions.deleteAllForUser(user.id);
      // The owner proved the phone: the account's sign-in limits start afresh.
      await tx.loginAttempts.clearAccount(accountKey(user.id));
    });
  }
}

// One answer for "no such account", "no code", "expired", "used" and "wrong": nothing to enumerate.
const wrongCode = () =>
  new RuleViolationError(
    'The code is wrong or has expired. Ask for a new one.',
    [{ location: 'body', field: 'code', message: 'code is wrong or has expired' }],
    ProblemTypes.wrongCode,
  );
