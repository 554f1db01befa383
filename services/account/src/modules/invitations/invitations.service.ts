import {
  AccountEvents,
  ProblemTypes,
  type CreateInvitationBody,
  type CustomerInvitedV1,
  type InvitationStatus,
} from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { ConflictError, NotFoundError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { randomCode, randomToken, sha256 } from '../../lib/secrets';
import { requirePhone } from '../users/identity';
import type { InvitationRecord } from './invitations.repository';

export const codeHashFor = (token: string, code: string) => sha256(`${token}:${code}`);

export function invitationStatus(
  invitation: InvitationRecord,
  at: Date,
  maxAttempts: number,
): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.failedAttempts >= maxAttempts) return 'locked';
  if (invitation.expiresAt <= at) return 'expired';
  return 'pending';
}

/** Operators invite customers by phone; the registration link and code go out by SMS. */
export class InvitationsService {
  constructor(private readonly deps: AccountDeps) {}

  status(invitation: InvitationRecord): InvitationStatus {
    return invitationStatus(invitation, this.deps.now(), this.deps.config.INVITE_MAX_CODE_ATTEMPTS);
  }

  list(): Promise<InvitationRecord[]> {
    return this.deps.repos.invitations.list();
  }

  async invite(operatorId: string, input: CreateInvitationBody, origin: string): Promise<InvitationRecord> {
    const { repos, config } = this.deps;
    const phone = requirePhone(input.phone, this.deps.phone);
    if (await repos.users.findByPhone(phone))
      throw new ConflictError(`${phone} already has an account.`, ProblemTypes.phoneTaken);
    const open = await repos.invitations.findOpenByPhone(phone);
    if (open) throw invitationOpen(phone, open.id);

    const token = randomToken();
    const code = randomCode();
    const at = this.deps.now();
    const expiresAt = new Date(at.getTime() + config.INVITE_TTL_HOURS * 3_600_000);
    const name = input.name?.trim() || null;
    let invitation: InvitationRecord;
    try {
      invitation = await inTransaction(this.deps, async (tx) => {
        const created = await tx.invitations.insert({
          phone,
          name,
          invitedBy: operatorId,
          tokenHash: sha256(token),
          codeHash: codeHashFor(token, code),
          expiresAt,
          at,
        });
        await tx.outbox.append<CustomerInvitedV1>(
          AccountEvents.customerInvited,
          created.id,
          {
            invitationId: created.id,
            phone,
            name,
            invitedBy: operatorId,
            expiresAt: expiresAt.toISOString(),
          },
          at,
        );
        return created;
      });
    } catch (error) {
      // Two operators inviting the same phone at once: the partial unique index lets one win.
      if (isUniqueViolation(error)) throw invitationOpen(phone);
      throw error;
    }
    return this.send(invitation, token, code, origin);
  }

  /** A new link and code; the previous link stops working. Works for expired and locked links too. */
  async resend(id: string, origin: string): Promise<InvitationRecord> {
    const { repos, config } = this.deps;
    const existing = await repos.invitations.findById(id);
    if (!existing) throw new NotFoundError(`No invitation with id ${id}.`, ProblemTypes.invitationNotFound);
    if (existing.acceptedAt) throw invitationAccepted(id);
    const token = randomToken();
    const code = randomCode();
    const at = this.deps.now();
    const reissued = await repos.invitations.reissue(id, {
      tokenHash: sha256(token),
      codeHash: codeHashFor(token, code),
      expiresAt: new Date(at.getTime() + config.INVITE_TTL_HOURS * 3_600_000),
      at,
    });
    if (!reissued) throw invitationAccepted(id);
    return this.send(reissued, token, code, origin);
  }

  /**
   * After the commit, never inside the transaction: a slow provider must not hold rows locked.
   * A failed send is recorded on the invitation (`delivery: failed`) and the operator resends.
   */
  private async send(
    invitation: InvitationRecord,
    token: string,
    code: string,
    origin: string,
  ): Promise<InvitationRecord> {
    const base = (this.deps.config.PUBLIC_URL ?? origin).replace(/\/+$/, '');
    const link = `${base}/register?token=${token}`;
    const greeting = invitation.name ? `Hi ${invitation.name}! ` : '';
    const body =
      `${greeting}You're invited to rent a Tesla with cybertacotruck. ` +
      `Register at ${link} with code ${code}. The link expires in ${this.deps.config.INVITE_TTL_HOURS} hours.`;
    try {
      await this.deps.sms.sendSms(invitation.phone, body);
      return invitation;
    } catch (error) {
      this.deps.logger.warn(
        { err: error, invitationId: invitation.id, provider: this.deps.sms.name },
        'invitation SMS not sent',
      );
      await this.deps.repos.invitations.setDelivery(invitation.id, 'failed');
      return { ...invitation, delivery: 'failed' };
    }
  }
}

const invitationOpen = (phone: string, id?: string) =>
  new ConflictError(
    `${phone} already has an open invitation${id ? ` (${id})` : ''}: resend it instead.`,
    ProblemTypes.invitationOpen,
  );

const invitationAccepted = (id: string) =>
  new ConflictError(`Invitation ${id} was already used to register.`, ProblemTypes.invitationAccepted);
