import { ProblemTypes } from '@cybertacotruck/contracts';
import { TooManyRequestsError, UnauthorizedError } from '@cybertacotruck/platform';
import type { AccountDeps } from '../../deps';
import { dummyHash, verifyPassword } from '../../lib/password';
import { normalisePhone } from '../../lib/phone';
import { normaliseEmail } from '../users/identity';
import type { UserRecord } from '../users/users.repository';
import type { IssuedSession, SessionsService } from './sessions.service';

/**
 * Sign-in by phone or e-mail and password, limited per identifier and per client address
 * (failures in a sliding window, counted in the database so every replica shares them).
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
    const { repos, config } = this.deps;
    const identifier = this.identifier(input.phoneOrEmail);
    const idKey = `id:${identifier}`;
    const ipKey = `ip:${client.ip}`;
    const at = this.deps.now();
    const windowMs = config.LOGIN_WINDOW_MINUTES * 60_000;
    const since = new Date(at.getTime() - windowMs);

    const counts = await repos.loginAttempts.count([idKey, ipKey], since);
    for (const [key, limit] of [
      [idKey, config.LOGIN_MAX_FAILURES],
      [ipKey, config.LOGIN_MAX_FAILURES_PER_IP],
    ] as const) {
      const seen = counts.get(key);
      if (seen && seen.count >= limit) {
        const retryAfter = (seen.oldest.getTime() + windowMs - at.getTime()) / 1000;
        throw new TooManyRequestsError(
          `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minute(s), or reset your password.`,
          retryAfter,
        );
      }
    }

    const user = identifier.startsWith('+')
      ? await repos.users.findByPhone(identifier)
      : await repos.users.findByEmail(identifier);
    // Unknown users cost an argon2 verification too, so timing does not tell who has an account.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
    if (!user || !ok) {
      await repos.loginAttempts.record([idKey, ipKey], at, since);
      throw new UnauthorizedError(
        'The phone or e-mail and password do not match an account.',
        ProblemTypes.invalidCredentials,
      );
    }
    await repos.loginAttempts.clear(idKey);
    return { user, session: await this.sessions.issue(repos.sessions, user.id, client.userAgent) };
  }

  /** E.164 for anything that parses as a phone, the lower-cased address for an e-mail, else as typed. */
  private identifier(phoneOrEmail: string): string {
    const text = phoneOrEmail.trim();
    if (text.includes('@')) return normaliseEmail(text);
    return normalisePhone(text, this.deps.phone) ?? text.toLowerCase();
  }
}
