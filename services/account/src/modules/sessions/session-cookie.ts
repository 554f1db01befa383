import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@cybertacotruck/platform';
import { serializeCookie } from '../../lib/cookies';

// The cookie's name and how it is read live in platform (session-cookie.ts), where processes
// without the account service read it too; setting and clearing it stays here.
export { SESSION_COOKIE, sessionIdOf } from '@cybertacotruck/platform';

/** Secure whenever the browser reached us over https (behind TRUST_PROXY too) or in production. */
const secure = (request: FastifyRequest, production: boolean) => production || request.protocol === 'https';

/**
 * The cookie lives as long as a session may (SESSION_MAX_AGE_DAYS); the server ends idle sessions
 * itself, so sliding expiry needs no cookie rewrite on every request.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
  options: { maxAgeMs: number; production: boolean },
): void {
  void reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, sessionId, {
      maxAgeSeconds: options.maxAgeMs / 1000,
      secure: secure(request, options.production),
    }),
  );
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, production: boolean): void {
  void reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secure(request, production) }),
  );
}
