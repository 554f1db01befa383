import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, serializeCookie } from '../../lib/cookies';

export const SESSION_COOKIE = 'ctt_session';

export const sessionIdOf = (request: FastifyRequest): string | undefined =>
  readCookie(request.headers.cookie, SESSION_COOKIE);

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
