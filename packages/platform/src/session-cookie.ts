import type { FastifyRequest } from 'fastify';

/**
 * The session cookie's name and how it is read, in one place: the account service sets and
 * resolves it; every other process (remote-session.ts) reads it to ask the account service.
 */
export const SESSION_COOKIE = 'ctt_session';

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The session id the browser sent, or undefined. It is a secret: never log it. */
export const sessionIdOf = (request: FastifyRequest): string | undefined =>
  readCookie(request.headers.cookie, SESSION_COOKIE);
