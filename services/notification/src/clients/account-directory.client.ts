import {
  ProblemTypes,
  type AccountDirectoryClient,
  type InvitationLink,
  type PasswordResetCode,
  type PhoneChangeCode,
  type Preferences,
  type UserContact,
  type UserRecipient,
  type UserRecipientList,
} from '@cybertacotruck/contracts';
import { PeerError, type Peers } from '@cybertacotruck/platform';

/**
 * The account service's internal API through `peers`: injected into the same server when account
 * is mounted in this process, an HTTP call to ACCOUNT_URL otherwise.
 */
export class AccountDirectoryHttpClient implements AccountDirectoryClient {
  constructor(private readonly peers: Peers) {}

  private async orNull<T>(path: string): Promise<T | null> {
    try {
      return (await this.peers.call<T>('account', { method: 'GET', path })).body;
    } catch (error) {
      if (error instanceof PeerError && error.type === ProblemTypes.userNotFound) return null;
      throw error;
    }
  }

  preferences(userId: string): Promise<Preferences | null> {
    return this.orNull<Preferences>(`/internal/users/${encodeURIComponent(userId)}/preferences`);
  }

  contact(userId: string): Promise<UserContact | null> {
    return this.orNull<UserContact>(`/internal/users/${encodeURIComponent(userId)}/contact`);
  }

  async operators(): Promise<UserRecipient[]> {
    const { body } = await this.peers.call<UserRecipientList>('account', {
      method: 'GET',
      path: '/internal/operators',
    });
    return body.items;
  }

  async invitationLink(invitationId: string, issue: number): Promise<InvitationLink> {
    const { body } = await this.peers.call<InvitationLink>('account', {
      method: 'GET',
      path: `/internal/invitations/${encodeURIComponent(invitationId)}/link?issue=${issue}`,
    });
    return body;
  }

  async passwordResetCode(resetId: string): Promise<PasswordResetCode> {
    const { body } = await this.peers.call<PasswordResetCode>('account', {
      method: 'GET',
      path: `/internal/password-resets/${encodeURIComponent(resetId)}/code`,
    });
    return body;
  }

  async phoneChangeCode(changeId: string): Promise<PhoneChangeCode> {
    const { body } = await this.peers.call<PhoneChangeCode>('account', {
      method: 'GET',
      path: `/internal/phone-changes/${encodeURIComponent(changeId)}/code`,
    });
    return body;
  }
}
