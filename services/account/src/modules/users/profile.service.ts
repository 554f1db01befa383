import {
  AccountEvents,
  ProblemTypes,
  type ChangePasswordBody,
  type FieldError,
  type PhoneChangeCode,
  type UpdateProfileBody,
} from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { DomainError, RuleViolationError, TooManyRequestsError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { hashPassword, passwordWeakness } from '../../lib/password';
import { sha256 } from '../../lib/secrets';
import { accountKey, type AuthService } from '../sessions/auth.service';
import { MAX_CODES_PER_WINDOW, SmsCodes } from '../sessions/sms-codes';
import { normaliseEmail, requirePhone } from './identity';
import type { UserRecord } from './users.repository';
import type { UsersService } from './users.service';

/**
 * The signed-in user's own account: name and e-mail, password (with the current one), and phone
 * (confirmed by a code sent by SMS to the new number, with the password reset's code machinery).
 * Customers and operators alike.
 */
export class ProfileService {
  private readonly phoneCodes: SmsCodes;

  constructor(
    private readonly deps: AccountDeps,
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {
    this.phoneCodes = new SmsCodes(deps, 'phone_change');
  }

  /** Name and/or e-mail; an e-mail another account has is a 409 on the field. */
  async update(userId: string, input: UpdateProfileBody): Promise<UserRecord> {
    const user = await this.users.get(userId);
    const email = input.email === undefined ? undefined : normaliseEmail(input.email);
    if (email !== undefined && email !== user.email) {
      const holder = await this.deps.repos.users.findByEmail(email);
      if (holder && holder.id !== userId) throw emailTaken(email);
    }
    try {
      const updated = await this.deps.repos.users.updateProfile(
        userId,
        { ...(input.name !== undefined ? { name: input.name.trim() } : {}), ...(email ? { email } : {}) },
        this.deps.now(),
      );
      return updated ?? (await this.users.get(userId));
    } catch (error) {
      // Another account took the address between the check and the write.
      if (email && isUniqueViolation(error, 'user_email_key')) throw emailTaken(email);
      throw error;
    }
  }

  /**
   * A new password, with the current one (guesses count against the sign-in limits). Every field's
   * problem at once: a wrong current password and a weak new one are told together. On success
   * every other session of the account ends and this one stays; the user is told by their channels.
   */
  async changePassword(
    userId: string,
    session: { sessionId: string; ip: string },
    input: ChangePasswordBody,
  ): Promise<{ otherSessionsEnded: number }> {
    const user = await this.users.get(userId);
    const weakness = await passwordWeakness(input.newPassword, {
      phone: user.phone,
      name: user.name,
      ...(user.email ? { email: user.email } : {}),
    });
    const right = await this.auth.tryPassword(
      accountKey(user.id),
      user.passwordHash,
      input.currentPassword,
      session.ip,
    );
    const errors: FieldError[] = [];
    if (!right)
      errors.push({
        location: 'body',
        field: 'currentPassword',
        message: 'currentPassword is not the password of your account',
      });
    if (weakness) errors.push({ location: 'body', field: 'newPassword', message: `newPassword ${weakness}` });
    else if (right && input.newPassword === input.currentPassword)
      errors.push({
        location: 'body',
        field: 'newPassword',
        message: 'newPassword is the password you have now: choose another one',
      });
    if (errors.length > 0)
      throw new RuleViolationError(
        right ? 'Choose another new password.' : 'The current password is wrong.',
        errors,
        right ? ProblemTypes.validation : ProblemTypes.currentPasswordWrong,
      );
    const passwordHash = await hashPassword(input.newPassword);
    const at = this.deps.now();
    return inTransaction(this.deps, async (tx) => {
      await tx.users.setPasswordHash(user.id, passwordHash, at);
      const otherSessionsEnded = await tx.sessions.deleteOthersOfUser(user.id, sha256(session.sessionId));
      // A reset code still open was asked for with the old password in mind: it no longer applies.
      await tx.passwordResets.closeOpen(user.id, 'password_reset', at);
      await tx.outbox.append(
        AccountEvents.passwordChanged,
        user.id,
        { userId: user.id, otherSessionsEnded, at: at.toISOString() },
        at,
      );
      return { otherSessionsEnded };
    });
  }

  /**
   * Sends a code by SMS to a new number (through the notification service: the code is fetched at
   * send time). The account keeps its number until the code is confirmed. At most
   * MAX_CODES_PER_WINDOW codes per PHONE_CHANGE_TTL_MINUTES, then 429.
   */
  async requestPhoneChange(userId: string, phoneInput: string): Promise<{ phone: string; expiresAt: Date }> {
    const { repos, config } = this.deps;
    const phone = requirePhone(phoneInput, this.deps.phone);
    const user = await this.users.get(userId);
    if (phone === user.phone)
      throw new RuleViolationError('This is already the phone number of your account.', [
        { location: 'body', field: 'phone', message: 'phone is already the number of your account' },
      ]);
    const holder = await repos.users.findByPhone(phone);
    if (holder) throw phoneTaken(phone);
    const ttlMs = config.PHONE_CHANGE_TTL_MINUTES * 60_000;
    const recent = await this.phoneCodes.recent(userId, ttlMs);
    if (recent.count >= MAX_CODES_PER_WINDOW)
      throw new TooManyRequestsError(
        `${String(MAX_CODES_PER_WINDOW)} codes were sent in the last ${String(config.PHONE_CHANGE_TTL_MINUTES)} minutes. Try again in ${String(Math.ceil(recent.retryAfterSeconds / 60))} minute(s).`,
        recent.retryAfterSeconds,
      );
    const at = this.deps.now();
    return inTransaction(this.deps, async (tx) => {
      const { id, expiresAt } = await this.phoneCodes.issue(tx, { userId, phone, ttlMs, at });
      await tx.outbox.append(
        AccountEvents.phoneChangeRequested,
        userId,
        { changeId: id, userId, phone, expiresAt: expiresAt.toISOString() },
        at,
      );
      return { phone, expiresAt };
    });
  }

  /** For the notification service's sender: the code, only while the change is open and usable. */
  phoneChangeCode(changeId: string): Promise<PhoneChangeCode> {
    return this.phoneCodes.secretFor(changeId);
  }

  /** The code from the SMS: the account's phone becomes the new number; sessions stay. */
  async confirmPhoneChange(userId: string, code: string): Promise<UserRecord> {
    const user = await this.users.get(userId);
    const change = await this.phoneCodes.open(userId);
    if (!change?.phone) throw codeExpired();
    if (!this.phoneCodes.matches(change, code)) {
      const left = await this.phoneCodes.recordWrong(change);
      throw new RuleViolationError(
        left > 0
          ? `The code is wrong: ${String(left)} attempt${left === 1 ? '' : 's'} left.`
          : 'The code is wrong, and that was the last try. Ask for a new one.',
        [{ location: 'body', field: 'code', message: 'code does not match the one we sent by SMS' }],
        ProblemTypes.wrongCode,
      );
    }
    const phone = change.phone;
    const at = this.deps.now();
    try {
      return await inTransaction(this.deps, async (tx) => {
        if (!(await this.phoneCodes.use(tx, change, at))) throw codeExpired();
        const updated = await tx.users.setPhone(user.id, phone, at);
        if (!updated) throw new Error(`user ${user.id} vanished while changing phone`);
        // Reset codes went to the previous number: they no longer reach the account's owner.
        await tx.passwordResets.closeOpen(user.id, 'password_reset', at);
        await tx.outbox.append(
          AccountEvents.phoneChanged,
          user.id,
          { userId: user.id, previousPhone: user.phone, phone, at: at.toISOString() },
          at,
        );
        return updated;
      });
    } catch (error) {
      // Someone registered (or moved to) this number since the code was sent; the code stays unused.
      if (isUniqueViolation(error, 'user_phone_e164_key')) throw phoneTaken(phone);
      throw error;
    }
  }
}

const emailTaken = (email: string) =>
  new DomainError(ProblemTypes.emailTaken, 409, 'Conflict', `${email} is already used by another account.`, [
    { location: 'body', field: 'email', message: 'email is already used by another account' },
  ]);

const codeExpired = () =>
  new RuleViolationError(
    'No code is waiting: it expired, was used, or too many wrong codes were tried. Ask for a new one.',
    [{ location: 'body', field: 'code', message: 'code has expired or was used: ask for a new one' }],
    ProblemTypes.codeExpired,
  );

const phoneTaken = (phone: string) =>
  new DomainError(ProblemTypes.phoneTaken, 409, 'Conflict', `${phone} already belongs to another account.`, [
    { location: 'body', field: 'phone', message: 'phone already belongs to another account' },
  ]);
