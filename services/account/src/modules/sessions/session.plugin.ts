import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, ProblemTypes } from '@cybertacotruck/contracts';
import { ForbiddenError } from '@cybertacotruck/platform';
import { constantTimeEqual } from '../../lib/secrets';
import { sessionIdOf } from './session-cookie';
import type { SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Process-wide (registered on the root instance, so it runs for every service's routes): resolves `request.principal` from the session cookie and
 * enforces CSRF protection on state-changing API calls.
 *
 * CSRF, two layers: (1) a request a browser marks `Sec-Fetch-Site: cross-site` may not change
 * anything; (2) a state-changing call that carries a live session must send `x-csrf-token` equal to
 * the session's token (from sign-in, registration or `GET /me`): a token bound to the session
 * (an HMAC keyed by the session id, compared in constant time) that another site cannot read.
 * SameSite=Lax on the cookie is a third, browser-side layer. Calls without a session cookie carry
 * no ambient authority and need no token.
 */
export function registerSessionHook(app: FastifyInstance, sessions: SessionsService): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const unsafe = !SAFE_METHODS.has(request.method);
    if (unsafe && request.headers['sec-fetch-site'] === 'cross-site')
      throw new ForbiddenError(
        'A page on another site may not change anything here.',
        ProblemTypes.csrfTokenInvalid,
      );
    const sessionId = sessionIdOf(request);
    if (!sessionId) return;
    const session = await sessions.resolve(sessionId);
    if (!session) return;
    request.principal = session.principal;
    if (!unsafe) return;
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken))
      throw new ForbiddenError(
        `Send the session's CSRF token (from GET /api/v1/me) in the ${CSRF_HEADER} header.`,
        ProblemTypes.csrfTokenInvalid,
      );
  });
}
