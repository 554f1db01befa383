import type { Principal } from '@cybertacotruck/contracts';
import type { AccountDeps } from '../../deps';
import { csrfTokenFor, randomToken, sha256 } from '../../lib/secrets';
import type { SessionsRepository } from './sessions.repository';

export interface IssuedSession {
  /** Goes into the cookie and nowhere else; the database keeps its SHA-256. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ResolvedSession {
  principal: Principal;
  expiresAt: Date;
  csrfToken: string;
}

/** Sliding-expiry writes happen at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Opaque server-side sessions: random ids, stored hashed, sliding idle expiry under an absolute cap. */
export class SessionsService {
  constructor(private readonly deps: AccountDeps) {}

  get idleMs(): number {
    return this.deps.config.SESSION_IDLE_HOURS * 3_600_000;
  }

  get maxAgeMs(): number {
    return this.deps.config.SESSION_MAX_AGE_DAYS * 86_400_000;
  }

  /** Creates a session with the given repository (pass a transaction's to commit it with other work). */
  async issue(
    sessions: SessionsRepository,
    userId: string,
    userAgent: string | undefined,
  ): Promise<IssuedSession> {
    const sessionId = randomToken();
    const at = this.deps.now();
    const expiresAt = new Date(at.getTime() + Math.min(this.idleMs, this.maxAgeMs));
    await sessions.insert({
      idHash: sha256(sessionId),
      userId,
      at,
      expiresAt,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { sessionId, csrfToken: csrfTokenFor(sessionId), expiresAt };
  }

  async resolve(sessionId: string): Promise<ResolvedSession | null> {
    if (sessionId.length > 128) return null;
    const at = this.deps.now();
    const idHash = sha256(sessionId);
    const session = await this.deps.repos.sessions.findLive(idHash, at);
    if (!session) return null;
    let expiresAt = session.expiresAt;
    if (at.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      expiresAt =
        (await this.deps.repos.sessions.touch(
          idHash,
          at,
          new Date(at.getTime() + this.idleMs),
          this.maxAgeMs,
        )) ?? expiresAt;
    }
    return {
      principal: { userId: session.userId, role: session.role },
      expiresAt,
      csrfToken: csrfTokenFor(sessionId),
    };
  }

  signOut(sessionId: string): Promise<void> {
    return this.deps.repos.sessions.delete(sha256(sessionId));
  }

  signOutEverywhere(userId: string): Promise<number> {
    return this.deps.repos.sessions.deleteAllForUser(userId);
  }
}
