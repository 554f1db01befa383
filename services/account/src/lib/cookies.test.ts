import { describe, expect, it } from 'vitest';
import { serializeCookie } from './cookies';

describe('cookies', () => {
  it('writes HttpOnly, SameSite=Lax, Path=/ cookies, Secure when asked, and clears them', () => {
    expect(serializeCookie('s', 'v', { maxAgeSeconds: 60, secure: true })).toBe(
      's=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeCookie('s', '', { maxAgeSeconds: 0, secure: false })).toBe(
      's=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });
});
