import { randomUUID } from 'node:crypto';
import {
  AccountEvents,
  ProblemTypes,
  type CreateInvitationBody,
  type InvitationLink,
  type InvitationStatus,
} from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { ConflictError, NotFoundError, SecretBoxError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { randomCode, randomToken, sha256 } from '../../lib/secrets';
import { requirePhone } from '../users/identity';
import type { InvitationRecord } from './invitations.repository';

export type { InvitationRecord };

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

// The row id is associated data: a sealed secret copied to another invitation does not open.
const sealContext = (id: string) => `invitation:${id}`;

interface Issued {
  tokenHash: string;
  codeHash: string;
  secretSealed: string;
  linkBase: string;
  expiresAt: Date;
  at: Date;
}

/**
 * Operators invite customers by phone. The SMS with the registration link and code is the
 * notification service's to send: the invitation and its event commit together here, and the
 * notification service asks for the link (`link`) when it sends, so the token never travels in an
 * event. Account keeps the token and code sealed until the link is used.
 */
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

    const id = randomUUID();
    const issued = this.issue(id, origin);
    const name = input.name?.trim() || null;
    const language = input.language ?? config.INVITE_DEFAULT_LANGUAGE;
    try {
      return await inTransaction(this.deps, async (tx) => {
        const created = await tx.invitations.insert({
          id,
          phone,
          name,
          invitedBy: operatorId,
          language,
          ...issued,
        });
        await tx.outbox.append(
          AccountEvents.customerInvited,
          created.id,
          {
            invitationId: created.id,
            phone,
            name,
            invitedBy: operatorId,
            expiresAt: created.expiresAt.toISOString(),
            language,
            issue: created.sentCount,
          },
          issued.at,
        );
        return created;
      });
    } catch (error) {
      // Two operators inviting the same phone at once: the partial unique index lets one win.
      if (isUniqueViolation(error)) throw invitationOpen(phone);
      throw error;
    }
  }

  /** A new link and code; the previous link stops working. Works for expired and locked links too. */
  async resend(id: string, operatorId: string, origin: string): Promise<InvitationRecord> {
    const existing = await this.deps.repos.invitations.findById(id);
    if (!existing) throw new NotFoundError(`No invitation with id ${id}.`, ProblemTypes.invitationNotFound);
    if (existing.acceptedAt) throw invitationAccepted(id);
    const issued = this.issue(id, origin);
    const reissued = await inTransaction(this.deps, async (tx) => {
      const updated = await tx.invitations.reissue(id, issued);
      if (!updated) return undefined;
      await tx.outbox.append(
        AccountEvents.invitationResent,
        updated.id,
        {
          invitationId: updated.id,
          phone: updated.phone,
          name: updated.name,
          resentBy: operatorId,
          expiresAt: updated.expiresAt.toISOString(),
          language: updated.language,
          issue: updated.sentCount,
        },
        issued.at,
      );
      return updated;
    });
    if (!reissued) throw invitationAccepted(id);
    return reissued;
  }

  /**
   * For the notification service's sender: the link and code of this issue of the invitation, only
   * while it is the current issue and still pending. Anything else says why not, and nothing secret.
   */
  async link(id: string, issue: number): Promise<InvitationLink> {
    const invitation = await this.deps.repos.invitations.findById(id);
    const none = { link: null, code: null };
    if (!invitation) return { state: 'missing', ...none };
    const status = this.status(invitation);
    if (status !== 'pending') return { state: status, ...none };
    if (invitation.sentCount !== issue || !invitation.secretSealed) return { state: 'superseded', ...none };
    let secret: { token: string; code: string };
    try {
      secret = JSON.parse(this.deps.box.open(invitation.secretSealed, sealContext(id))) as typeof secret;
    } catch (error) {
      // A key dropped from SECRET_KEYS, or a tampered row: this link cannot be sent; a resend makes a new one.
      if (error instanceof SecretBoxError) {
        this.deps.logger.error({ invitationId: id, reason: error.message }, 'invitation link does not open');
        return { state: 'superseded', ...none };
      }
      throw error;
    }
    const base = (this.deps.config.PUBLIC_URL ?? invitation.linkBase ?? '').replace(/\/+$/, '');
    return { state: 'pending', link: `${base}/register?token=${secret.token}`, code: secret.code };
  }

  private issue(id: string, origin: string): Issued {
    const token = randomToken();
    const code = randomCode();
    const at = this.deps.now();
    return {
      tokenHash: sha256(token),
      codeHash: codeHashFor(token, code),
      secretSealed: this.deps.box.seal(JSON.stringify({ token, code }), sealContext(id)),
      linkBase: origin,
      expiresAt: new Date(at.getTime() + this.deps.config.INVITE_TTL_HOURS * 3_600_000),
      at,
    };
  }
}

const invitationOpen = (phone: string, id?: string) =>
  new ConflictError(
    `${phone} already has an open invitation${id ? ` (${id})` : ''}: resend it instead.`,
    ProblemTypes.invitationOpen,
  );

const invitationAccepted = (id: string) =>
  new ConflictError(`Invitation ${id} was already used to register.`, ProblemTypes.invitationAccepted);
