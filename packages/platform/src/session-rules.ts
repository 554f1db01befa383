import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, ProblemTypes, type Principal } from '@cybertacotruck/contracts';
import { ForbiddenError } from './errors';
import { sessionIdOf } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A live session as the session rules need it: who it is, and how its CSRF token is checked. */
export interface SessionForRules {
  principal: Principal;
  /** Whether `sent` is the session's CSRF token (compared in constant time). */
  csrfTokenMatches(sent: string): boolean;
}

/**
 * The session rules of every process, in one place (the account service's own hook and
 * remote-session.ts for the others): sets `request.principal` from the session cookie, and
 *
 * CSRF, two layers: (1) a request a browser marks `Sec-Fetch-Site: cross-site` may not change
 * anything; (2) a state-changing call that carries a live session must send the session's token in
 * `x-csrf-token`. Calls without a session cookie carry no ambient authority and need no token.
 */
export async function applySessionRules(
  request: FastifyRequest,
  resolve: (sessionId: string) => Promise<SessionForRules | null>,
): Promise<void> {
  const unsafe = !SAFE_METHODS.has(request.method);
  if (unsafe && request.headers['sec-fetch-site'] === 'cross-site')
    throw new ForbiddenError(
      'A page on another site may not change anything here.',
      ProblemTypes.csrfTokenInvalid,
    );
  const sessionId = sessionIdOf(request);
  if (!sessionId) return;
  const session = await resolve(sessionId);
  if (!session) return;
  request.principal = session.principal;
  if (!unsafe) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !session.csrfTokenMatches(sent))
    throw new ForbiddenError(
      `Send the session's CSRF token (from GET /api/v1/me) in the ${CSRF_HEADER} header.`,
      ProblemTypes.csrfTokenInvalid,
    );
}
