import { randomUUID } from 'node:crypto';
import { AccountEvents, ProblemTypes, type PasswordResetCode } from '@cybertacotruck/contracts';
import { RuleViolationError, SecretBoxError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { hashPassword } from '../../lib/password';
import { constantTimeEqual, randomCode, sha256 } from '../../lib/secrets';
import { requirePhone, requireStrongPassword } from '../users/identity';
import { accountKey } from './auth.service';

const MAX_CODE_ATTEMPTS = 5;
/** Codes sent per user per window: enough for a lost SMS, too few to spam someone's phone. */
const MAX_CODES_PER_WINDOW = 3;

const codeHashFor = (resetId: string, code: string) => sha256(`${resetId}:${code}`);
const sealContext = (resetId: string) => `password_reset:${resetId}`;

/**
 * Password reset by a code sent to the account's phone; it ends every session of the account. The
 * SMS is the notification service's: the reset and its event commit together, and its sender asks
 * for the code (`code`) when it sends, so the code never travels in an event.
 */
export class PasswordResetService {
  constructor(private readonly deps: AccountDeps) {}

  /** Always succeeds from the caller's view: whether the phone has an account is not revealed. */
  async request(phoneInput: string): Promise<void> {
    const { repos, config } = this.deps;
    const phone = requirePhone(phoneInput, this.deps.phone);
    const user = await repos.users.findByPhone(phone);
    if (!user) return;
    const at = this.deps.now();
    const ttlMs = config.PASSWORD_RESET_TTL_MINUTES * 60_000;
    if (
      (await repos.passwordResets.countRecent(user.id, new Date(at.getTime() - ttlMs))) >=
      MAX_CODES_PER_WINDOW
    ) {
      this.deps.logger.warn({ userId: user.id }, 'password reset: too many codes requested; none sent');
      return;
    }
    const id = randomUUID();
    const code = randomCode();
    const expiresAt = new Date(at.getTime() + ttlMs);
    await inTransaction(this.deps, async (tx) => {
      await tx.passwordResets.replace({
        id,
        userId: user.id,
        codeHash: codeHashFor(id, code),
        codeSealed: this.deps.box.seal(code, sealContext(id)),
        expiresAt,
        at,
      });
      await tx.outbox.append(
        AccountEvents.passwordResetRequested,
        user.id,
        { resetId: id, userId: user.id, expiresAt: expiresAt.toISOString() },
        at,
      );
    });
  }

  /** For the notification service's sender: the code, only while the reset is open and usable. */
  async code(resetId: string): Promise<PasswordResetCode> {
    const reset = await this.deps.repos.passwordResets.findById(resetId);
    if (!reset) return { state: 'missing', code: null };
    if (reset.usedAt || !reset.codeSealed) return { state: 'used', code: null };
    if (reset.failedAttempts >= MAX_CODE_ATTEMPTS) return { state: 'locked', code: null };
    if (reset.expiresAt <= this.deps.now()) return { state: 'expired', code: null };
    try {
      return { state: 'pending', code: this.deps.box.open(reset.codeSealed, sealContext(resetId)) };
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      // A key dropped from SECRET_KEYS, or a tampered row: this code cannot be sent; the user asks again.
      this.deps.logger.error({ resetId, reason: error.message }, 'password reset code does not open');
      return { state: 'used', code: null };
    }
  }

  async confirm(input: { phone: string; code: string; newPassword: string }): Promise<void> {
    const { repos } = this.deps;
    const phone = requirePhone(input.phone, this.deps.phone);
    const user = await repos.users.findByPhone(phone);
    const at = this.deps.now();
    const reset = user && (await repos.passwordResets.findOpen(user.id, at));
    if (!user || !reset || reset.failedAttempts >= MAX_CODE_ATTEMPTS) throw wrongCode();
    // The code first: until it matches, a known phone answers exactly as an unknown one, whatever
    // the new password (a password rule answered first would tell that the phone has an account).
    if (!constantTimeEqual(codeHashFor(reset.id, input.code), reset.codeHash)) {
      await repos.passwordResets.recordFailedAttempt(reset.id);
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
      if (!(await tx.passwordResets.use(reset.id, at, MAX_CODE_ATTEMPTS))) throw wrongCode();
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
