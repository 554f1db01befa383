import type { FastifyInstance } from 'fastify';
import { applySessionRules } from '@cybertacotruck/platform';
import { constantTimeEqual } from '../../lib/secrets';
import type { SessionsService } from './sessions.service';

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
    // The rules (cross-site refusal, CSRF token) are shared with remote-session.ts in platform.
    await applySessionRules(request, async (sessionId) => {
      const session = await sessions.resolve(sessionId);
      return (
        session && {
          principal: session.principal,
          csrfTokenMatches: (sent) => constantTimeEqual(sent, session.csrfToken),
        }
      );
    });
  });
}
