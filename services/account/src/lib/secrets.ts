import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters): link tokens and session ids. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** A 6-digit code, uniformly drawn (leading zeros kept). */
export const randomCode = (): string => randomInt(0, 1_000_000).toString().padStart(6, '0');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/**
 * The CSRF token of a session: derived from the session id (which only the cookie holds), so it
 * needs no storage and cannot be computed from what the database keeps (the id's SHA-256).
 */
export const csrfTokenFor = (sessionId: string): string =>
  createHmac('sha256', sessionId).update('cybertacotruck csrf v1').digest('base64url');
