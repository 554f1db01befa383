import type { SecretBox } from '@cybertacotruck/platform';
import type { StoredTokens, TeslaTokenSet, TokenStore } from '@cybertacotruck/tesla';
import { sha256, type ConnectionsRepository, type SealedTokens } from './connections.repository';

/**
 * Tesla tokens at rest: sealed with AES-256-GCM, bound to their connection and column (the AAD),
 * rotated by compare-and-swap on the refresh token's hash so two processes never both persist.
 */
export class SealedTokenStore implements TokenStore {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly box: SecretBox,
  ) {}

  seal(
    connectionId: string,
    tokens: Pick<TeslaTokenSet, 'accessToken' | 'refreshToken' | 'expiresAt'>,
  ): SealedTokens {
    return {
      accessTokenSealed: this.box.seal(tokens.accessToken, `tesla_connection:${connectionId}:access`),
      refreshTokenSealed: this.box.seal(tokens.refreshToken, `tesla_connection:${connectionId}:refresh`),
      refreshTokenHash: sha256(tokens.refreshToken),
      accessTokenExpiresAt: tokens.expiresAt,
    };
  }

  async load(connectionId: string): Promise<StoredTokens | null> {
    const row = await this.connections.loadSealed(connectionId);
    if (row?.status !== 'connected') return null;
    return {
      accessToken: this.box.open(row.accessTokenSealed, `tesla_connection:${connectionId}:access`),
      refreshToken: this.box.open(row.refreshTokenSealed, `tesla_connection:${connectionId}:refresh`),
      expiresAt: row.accessTokenExpiresAt,
    };
  }

  compareAndSwap(connectionId: string, expectedRefreshToken: string, next: TeslaTokenSet): Promise<boolean> {
    return this.connections.swapTokens(
      connectionId,
      sha256(expectedRefreshToken),
      this.seal(connectionId, next),
    );
  }

  markNeedsReconsent(connectionId: string, reason: string): Promise<void> {
    return this.connections.setStatus(connectionId, 'needs_reconsent', reason);
  }
}
