import { AccountEvents, ProblemTypes, type RegisterBody } from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { ConflictError, DomainError, NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { hashPassword, passwordWeakness } from '../../lib/password';
import { maskPhone } from '../../lib/phone';
import { constantTimeEqual, sha256 } from '../../lib/secrets';
import { defaultPreferences } from '../preferences/preferences.service';
import type { IssuedSession, SessionsService } from '../sessions/sessions.service';
import type { UserRecord } from '../users/users.repository';
import { normaliseEmail, requireStrongPassword } from '../users/identity';
import type { InvitationRecord } from './invitations.repository';
import { codeHashFor, invitationStatus } from './invitations.service';

/** A customer redeems their link: token + SMS code + name, e-mail and password. */
export class RegistrationService {
  constructor(
    private readonly deps: AccountDeps,
    private readonly sessions: SessionsService,
  ) {}

  /** What the registration page shows before the customer types anything. */
  async info(token: string): Promise<{ phoneMasked: string; name: string | null; expiresAt: Date }> {
    const invitation = await this.usable(token);
    return {
      phoneMasked: maskPhone(invitation.phone),
      name: invitation.name,
      expiresAt: invitation.expiresAt,
    };
  }

  async register(
    input: RegisterBody,
    userAgent: string | undefined,
  ): Promise<{ user: UserRecord; session: IssuedSession }> {
    const { repos, config } = this.deps;
    const invitation = await this.usable(input.token);
    const email = normaliseEmail(input.email);
    const name = input.name.trim();
    // The code before anything that depends on other accounts: whether an e-mail is taken is
    // only said to whoever holds the link and its SMS code (no enumeration with a link alone).
    // A wrong code is told together with a weak password (one message per field, all at once);
    // a weak password with the right code costs no code attempt.
    const weakness = await passwordWeakness(input.password, { phone: invitation.phone, email, name });
    if (!constantTimeEqual(codeHashFor(input.token, input.code), invitation.codeHash)) {
      const failed = await repos.invitations.recordFailedAttempt(invitation.id, invitation.tokenHash);
      const left = config.INVITE_MAX_CODE_ATTEMPTS - (failed ?? config.INVITE_MAX_CODE_ATTEMPTS);
      if (left <= 0) throw linkLocked();
      throw new RuleViolationError(
        `The code is wrong: ${left} attempt${left === 1 ? '' : 's'} left.`,
        [
          { location: 'body', field: 'code', message: 'code does not match the one we sent by SMS' },
          ...(weakness
            ? [{ location: 'body' as const, field: 'password', message: `password ${weakness}` }]
            : []),
        ],
        ProblemTypes.wrongCode,
      );
    }
    await requireStrongPassword(input.password, { phone: invitation.phone, email, name });

    if (await repos.users.findByEmail(email)) throw emailTaken(email);

    const passwordHash = await hashPassword(input.password);
    const at = this.deps.now();
    try {
      return await inTransaction(this.deps, async (tx) => {
        const user = await tx.users.insert({
          role: 'customer',
          phone: invitation.phone,
          email,
          name,
          passwordHash,
        });
        const accepted = await tx.invitations.accept(invitation.id, invitation.tokenHash, user.id, {
          at,
          maxAttempts: config.INVITE_MAX_CODE_ATTEMPTS,
        });
        // Lost a race with another registration on the same link, or it expired meanwhile.
        if (!accepted) throw linkUsed();
        // The customer reads the app and its messages in the language they were invited in.
        await tx.preferences.insert(user.id, { ...defaultPreferences(), language: invitation.language });
        await tx.outbox.append(
          AccountEvents.customerRegistered,
          user.id,
          { userId: user.id, invitationId: invitation.id, phone: user.phone, email, name },
          at,
        );
        const session = await this.sessions.issue(tx.sessions, user.id, userAgent);
        return { user, session };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'user_email_key')) throw emailTaken(email);
      if (isUniqueViolation(error, 'user_phone_e164_key'))
        throw new ConflictError(`${invitation.phone} already has an account.`, ProblemTypes.phoneTaken);
      throw error;
    }
  }

  /** The invitation a token belongs to, when it can still be redeemed; otherwise why not. */
  private async usable(token: string): Promise<InvitationRecord> {
    const invitation = await this.deps.repos.invitations.findByTokenHash(sha256(token));
    if (!invitation)
      throw new NotFoundError(
        'This registration link is not valid (it may have been replaced by a newer one).',
        ProblemTypes.registrationLinkUnknown,
      );
    const status = invitationStatus(invitation, this.deps.now(), this.deps.config.INVITE_MAX_CODE_ATTEMPTS);
    if (status === 'accepted') throw linkUsed();
    if (status === 'locked') throw linkLocked();
    if (status === 'expired')
      throw new DomainError(
        ProblemTypes.registrationLinkExpired,
        410,
        'Link expired',
        'This registration link has expired. Ask for a new one.',
      );
    return invitation;
  }
}

const linkUsed = () =>
  new DomainError(
    ProblemTypes.registrationLinkUsed,
    410,
    'Link already used',
    'This registration link was already used. Sign in instead.',
  );
const linkLocked = () =>
  new DomainError(
    ProblemTypes.registrationLinkLocked,
    410,
    'Link locked',
    'Too many wrong codes were tried with this link. Ask for a new one.',
  );
const emailTaken = (email: string) =>
  new ConflictError(`${email} is already used by another account.`, ProblemTypes.emailTaken);
