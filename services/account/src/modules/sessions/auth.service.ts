import { ProblemTypes } from '@cybertacotruck/contracts';
import { TooManyRequestsError, UnauthorizedError } from '@cybertacotruck/platform';
import type { AccountDeps } from '../../deps';
import { dummyHash, verifyPassword } from '../../lib/password';
import { normalisePhone } from '../../lib/phone';
import { normaliseEmail } from '../users/identity';
import type { UserRecord } from '../users/users.repository';
import type { IssuedSession, SessionsService } from './sessions.service';

/**
 * Sign-in by phone or e-mail and password. Failures are counted in the database (every replica
 * shares them) under three keys, each with its own limit:
 * - per (client address, account), LOGIN_MAX_FAILURES in LOGIN_WINDOW_MINUTES: what stops a guesser
 *   without locking the owner out (another address — their phone, a fresh device — is not affected);
 * - per account, LOGIN_MAX_FAILURES_PER_ACCOUNT in LOGIN_ACCOUNT_WINDOW_HOURS, slower and larger:
 *   caps the guesses of an attacker who rotates addresses; a password reset lifts it;
 * - per client address, LOGIN_MAX_FAILURES_PER_IP in LOGIN_WINDOW_MINUTES: one address spraying
 *   many accounts.
 * The account is its user id when the phone or e-mail has one, else the typed identifier, so phone
 * and e-mail share one budget and unknown identifiers are throttled the same way.
 */
export class AuthService {
  constructor(
    private readonly deps: AccountDeps,
    private readonly sessions: SessionsService,
  ) {}

  async signIn(
    input: { phoneOrEmail: string; password: string },
    client: { ip: string; userAgent: string | undefined },
  ): Promise<{ user: UserRecord; session: IssuedSession }> {
    const { repos } = this.deps;
    const identifier = this.identifier(input.phoneOrEmail);
    const user = identifier.startsWith('+')
      ? await repos.users.findByPhone(identifier)
      : await repos.users.findByEmail(identifier);
    const account = user ? accountKey(user.id) : `id:${identifier}`;
    const ok = await this.tryPassword(account, user?.passwordHash, input.password, client.ip);
    if (!user || !ok)
      throw new UnauthorizedError(
        'The phone or e-mail and password do not match an account.',
        ProblemTypes.invalidCredentials,
      );
    return { user, session: await this.sessions.issue(repos.sessions, user.id, client.userAgent) };
  }

  /**
   * One password guess for `account` (its login-attempt key) from `ip`, under the sign-in limits:
   * 429 when a limit is reached, a failure counted when the password is wrong. Sign-in uses it, and
   * so does a password change (its current password), so a stolen session cannot guess faster.
   */
  async tryPassword(
    account: string,
    passwordHash: string | undefined,
    password: string,
    ip: string,
  ): Promise<boolean> {
    const { repos, config } = this.deps;
    const pairKey = `pair:${ip}|${account}`;
    const ipKey = `ip:${ip}`;
    const at = this.deps.now();
    const shortMs = config.LOGIN_WINDOW_MINUTES * 60_000;
    const longMs = config.LOGIN_ACCOUNT_WINDOW_HOURS * 3_600_000;
    const since = (ms: number) => new Date(at.getTime() - ms);

    const recent = await repos.loginAttempts.count([pairKey, ipKey], since(shortMs));
    const overall = await repos.loginAttempts.count([account], since(longMs));
    for (const [seen, limit, windowMs] of [
      [recent.get(pairKey), config.LOGIN_MAX_FAILURES, shortMs],
      [recent.get(ipKey), config.LOGIN_MAX_FAILURES_PER_IP, shortMs],
      [overall.get(account), config.LOGIN_MAX_FAILURES_PER_ACCOUNT, longMs],
    ] as const) {
      if (seen && seen.count >= limit) {
        const retryAfter = (seen.oldest.getTime() + windowMs - at.getTime()) / 1000;
        throw new TooManyRequestsError(
          `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minute(s), or reset your password.`,
          retryAfter,
        );
      }
    }

    // Unknown users cost an argon2 verification too, so timing does not tell who has an account.
    const ok = await verifyPassword(passwordHash ?? (await dummyHash()), password);
    if (!passwordHash || !ok) {
      await repos.loginAttempts.record([pairKey, ipKey, account], at, since(Math.max(shortMs, longMs)));
      return false;
    }
    // Only this address's count: the account-wide one keeps counting an attacker's guesses
    // elsewhere (the owner signing in must not hand them a fresh budget).
    await repos.loginAttempts.clear(pairKey);
    return true;
  }

  /** E.164 for anything that parses as a phone, the lower-cased address for an e-mail, else as typed. */
  private identifier(phoneOrEmail: string): string {
    const text = phoneOrEmail.trim();
    if (text.includes('@')) return normaliseEmail(text);
    return normalisePhone(text, this.deps.phone) ?? text.toLowerCase();
  }
}

/** The login-attempt key of a known account (a password reset clears it and its per-address keys). */
export const accountKey = (userId: string): string => `acct:${userId}`;
