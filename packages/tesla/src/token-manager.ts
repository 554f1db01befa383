import { NeedsReconsentError, TeslaOAuthError, needsReconsent } from './errors';
import type { TeslaOAuthClient, TeslaTokenSet } from './oauth';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Where a connection's tokens live (a database row in production, sealed at rest). */
export interface TokenStore {
  /** null when there are no usable tokens (never connected, or waiting for re-consent). */
  load(connectionId: string): Promise<StoredTokens | null>;
  /**
   * Atomically replace the token set only if the stored refresh token is still
   * `expectedRefreshToken`; false if someone else rotated it.
   */
  compareAndSwap(connectionId: string, expectedRefreshToken: string, next: TeslaTokenSet): Promise<boolean>;
  markNeedsReconsent(connectionId: string, reason: string): Promise<void>;
}

export interface TokenManagerOptions {
  oauth: Pick<TeslaOAuthClient, 'refresh'>;
  store: TokenStore;
  /** Refresh this long before expiry; default 5 minutes. */
  refreshSkewMs?: number;
  now?: () => number;
}

/** invalid_grant or 401 from the token endpoint: retrying the same refresh token cannot help. */
function isDeadRefreshToken(error: unknown): boolean {
  return (
    needsReconsent(error) ||
    (error instanceof TeslaOAuthError && (error.error === 'invalid_grant' || error.status === 401))
  );
}

/** How often a refresh may lose the compare-and-swap race to another process before giving up. */
const MAX_CAS_ROUNDS = 3;

/**
 * Hands out access tokens and refreshes them safely. Tesla refresh tokens are single-use, so two
 * refreshes with one token kill the session: refreshes are serialised per connection in this
 * process (N concurrent callers share one refresh) and persisted by compare-and-swap across
 * processes (the loser reloads the winner's tokens instead of writing its own).
 */
export class TokenManager {
  private readonly oauth: Pick<TeslaOAuthClient, 'refresh'>;
  private readonly store: TokenStore;
  private readonly skewMs: number;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(o: TokenManagerOptions) {
    this.oauth = o.oauth;
    this.store = o.store;
    this.skewMs = o.refreshSkewMs ?? 5 * 60_000;
    this.now = o.now ?? Date.now;
  }

  async getAccessToken(connectionId: string): Promise<string> {
    const stored = await this.loadOrThrow(connectionId);
    if (this.isFresh(stored)) return stored.accessToken;
    return this.refreshOnce(connectionId, (t) => this.isFresh(t));
  }

  /** Called on a 401. If the stored token already differs, someone refreshed: use theirs. */
  async refreshAfterRejection(connectionId: string, rejectedAccessToken: string): Promise<string> {
    const stored = await this.loadOrThrow(connectionId);
    if (stored.accessToken !== rejectedAccessToken) return stored.accessToken;
    return this.refreshOnce(connectionId, (t) => t.accessToken !== rejectedAccessToken);
  }

  private isFresh(t: StoredTokens): boolean {
    return t.expiresAt.getTime() - this.now() > this.skewMs;
  }

  private async loadOrThrow(connectionId: string): Promise<StoredTokens> {
    const stored = await this.store.load(connectionId);
    if (!stored) throw new NeedsReconsentError(connectionId, 'no usable Tesla tokens are stored');
    return stored;
  }

  /** Joins the refresh already running for this connection, or starts one. */
  private refreshOnce(connectionId: string, isGood: (t: StoredTokens) => boolean): Promise<string> {
    const running = this.inFlight.get(connectionId);
    if (running) return running;
    const refresh = this.refresh(connectionId, isGood).finally(() => {
      this.inFlight.delete(connectionId);
    });
    this.inFlight.set(connectionId, refresh);
    return refresh;
  }

  private async refresh(connectionId: string, isGood: (t: StoredTokens) => boolean): Promise<string> {
    for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
      // Reload first: another process may have refreshed since the caller looked.
      const stored = await this.loadOrThrow(connectionId);
      if (isGood(stored)) return stored.accessToken;
      let next: TeslaTokenSet;
      try {
        next = await this.oauth.refresh(stored.refreshToken);
      } catch (error) {
        if (!isDeadRefreshToken(error)) throw error;
        // invalid_grant may only mean another process used this refresh token first.
        const latest = await this.store.load(connectionId);
        if (latest && latest.refreshToken !== stored.refreshToken) continue;
        const reason =
          error instanceof TeslaOAuthError ? (error.error ?? `HTTP ${error.status}`) : 'refresh refused';
        await this.store.markNeedsReconsent(connectionId, reason);
        throw new NeedsReconsentError(connectionId, reason, { cause: error });
      }
      if (await this.store.compareAndSwap(connectionId, stored.refreshToken, next)) return next.accessToken;
    }
    throw new Error(`Tesla token refresh for ${connectionId} kept losing to concurrent refreshes`);
  }
}

/** A TokenStore in memory, for tests and the simulator-backed demo. */
export class InMemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredTokens>();
  private readonly reconsent = new Map<string, string>();

  set(connectionId: string, tokens: StoredTokens): void {
    this.tokens.set(connectionId, { ...tokens });
    this.reconsent.delete(connectionId);
  }

  /** Why the connection needs re-consent, or null. */
  reconsentReason(connectionId: string): string | null {
    return this.reconsent.get(connectionId) ?? null;
  }

  async load(connectionId: string): Promise<StoredTokens | null> {
    if (this.reconsent.has(connectionId)) return null;
    const t = this.tokens.get(connectionId);
    return t ? { ...t } : null;
  }

  async compareAndSwap(
    connectionId: string,
    expectedRefreshToken: string,
    next: TeslaTokenSet,
  ): Promise<boolean> {
    const current = this.tokens.get(connectionId);
    if (current?.refreshToken !== expectedRefreshToken) return false;
    this.tokens.set(connectionId, {
      accessToken: next.accessToken,
      refreshToken: next.refreshToken,
      expiresAt: next.expiresAt,
    });
    return true;
  }

  async markNeedsReconsent(connectionId: string, reason: string): Promise<void> {
    this.reconsent.set(connectionId, reason);
  }
}
