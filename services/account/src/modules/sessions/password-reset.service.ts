import { randomUUID } from 'node:crypto';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { RuleViolationError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { hashPassword } from '../../lib/password';
import { constantTimeEqual, randomCode, sha256 } from '../../lib/secrets';
import { requirePhone, requireStrongPassword } from '../users/identity';
import { accountKey } from './auth.service';

const MAX_CODE_ATTEMPTS = 5;
/** Codes sent per user per window: enough for a lost SMS, too few to spam someone's phone. */
const MAX_CODES_PER_WINDOW = 3;

const codeHashFor = (resetId: string, code: string) => sha256(`${resetId}:${code}`);

/** Password reset by a code sent to the account's phone; it ends every session of the account. */
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
    await repos.passwordResets.replace({
      id,
      userId: user.id,
      codeHash: codeHashFor(id, code),
      expiresAt: new Date(at.getTime() + ttlMs),
      at,
    });
    try {
      await this.deps.sms.sendSms(
        phone,
        `Your cybertacotruck password reset code is ${code}. It expires in ${config.PASSWORD_RESET_TTL_MINUTES} minutes. If you did not ask for it, ignore this message.`,
      );
    } catch (error) {
      this.deps.logger.warn({ err: error, userId: user.id }, 'password reset SMS not sent');
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
