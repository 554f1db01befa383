import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolvedSession, ResolveSessionBody } from '@cybertacotruck/contracts';
import type { Peers } from './peers';
import { SESSION_COOKIE, readCookie, sessionIdOf } from './session-cookie';
import { applySessionRules } from './session-rules';

/** The account service's internal endpoint that resolves a session cookie for other processes. */
export const RESOLVE_SESSION_PATH = '/internal/sessions/resolve';

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

type Session = NonNullable<ResolvedSession['session']>;

export interface RemoteSessionOptions {
  peers: Peers;
  /** How long an answer (a session, or "no such session") is reused; default 5 s. */
  ttlMs?: number;
  /** At most this many answers are kept; the oldest goes first. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * A short-lived, bounded cache of the account service's answers, keyed by the SHA-256 of the
 * session id (the id itself is kept nowhere here). Concurrent requests with one cookie share one
 * call. A signed-out session stays usable here for at most `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, { at: number; value: Promise<Session | null> }>();

  constructor(
    private readonly load: (sessionId: string) => Promise<Session | null>,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  resolve(sessionId: string): Promise<Session | null> {
    const key = sha256(sessionId).toString('base64url');
    const found = this.entries.get(key);
    if (found && this.now() - found.at < this.ttlMs) return found.value;
    this.entries.delete(key);
    const value = this.load(sessionId);
    // A failure (account unavailable) is not remembered: the next request asks again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.entries.set(key, { at: this.now(), value });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  forget(sessionId: string): void {
    this.entries.delete(sha256(sessionId).toString('base64url'));
  }
}

const csrfMatches = (sent: string, expectedSha256Hex: string): boolean => {
  const expected = Buffer.from(expectedSha256Hex, 'hex');
  const given = sha256(sent);
  return expected.length === given.length && timingSafeEqual(given, expected);
};

/** Routes this process forwards to another (forward.ts): the process that answers them checks the session. */
const isForwarded = (request: FastifyRequest): boolean =>
  request.routeOptions.config.forwardedTo !== undefined;

/**
 * In a process WITHOUT the account service: resolves `request.principal` from the session cookie
 * by asking the account service (`POST /api/v1/internal/sessions/resolve`, internal token), and
 * enforces the same rules as the account service's own hook (session-rules.ts, used by both):
 * a request a browser marks cross-site may not change anything, and a state-changing call with a
 * live session must send the session's CSRF token in `x-csrf-token` (compared here, in constant
 * time, with the SHA-256 the account service returns). If the account service cannot be reached,
 * a request carrying a session cookie answers 503.
 */
export function registerRemoteSessions(app: FastifyInstance, options: RemoteSessionOptions): SessionCache {
  const { peers } = options;
  const cache = new SessionCache(
    async (sessionId) => {
      const body: ResolveSessionBody = { sessionId };
      const answer = await peers.call<ResolvedSession>('account', {
        method: 'POST',
        path: RESOLVE_SESSION_PATH,
        body,
      });
      return answer.body.session;
    },
    options.ttlMs ?? 5_000,
    options.maxEntries ?? 10_000,
    options.now ?? Date.now,
  );

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || isForwarded(request)) return;
    await applySessionRules(request, async (sessionId) => {
      const session = await cache.resolve(sessionId);
      return (
        session && {
          principal: session.principal,
          csrfTokenMatches: (sent) => csrfMatches(sent, session.csrfTokenSha256),
        }
      );
    });
  });

  // A response passing through this process that replaces or clears the session cookie (sign-in,
  // sign-out, forwarded by the BFF) ends what this cache remembers of the old session at once.
  app.addHook('onSend', async (request, reply, payload) => {
    const sessionId = sessionIdOf(request);
    if (sessionId && setsSessionCookie(reply.getHeader('set-cookie'))) cache.forget(sessionId);
    return payload;
  });
  return cache;
}

const setsSessionCookie = (header: number | string | string[] | undefined): boolean =>
  (Array.isArray(header) ? header : typeof header === 'string' ? [header] : []).some(
    (value) => readCookie(value.split(';')[0], SESSION_COOKIE) !== undefined,
  );
