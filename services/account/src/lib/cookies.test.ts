import { describe, expect, it } from 'vitest';
import { readCookie, serializeCookie } from './cookies';

describe('cookies', () => {
  it('reads one cookie among several, and ignores malformed ones', () => {
    expect(readCookie('a=1; ctt_session=abc-DEF_1; b=2', 'ctt_session')).toBe('abc-DEF_1');
    expect(readCookie('xctt_session=1', 'ctt_session')).toBeUndefined();
    expect(readCookie('ctt_session=%E0%A4%A', 'ctt_session')).toBeUndefined();
    expect(readCookie(undefined, 'ctt_session')).toBeUndefined();
  });

  it('writes HttpOnly, SameSite=Lax, Path=/ cookies, Secure when asked, and clears them', () => {
    expect(serializeCookie('s', 'v', { maxAgeSeconds: 60, secure: true })).toBe(
      's=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeCookie('s', '', { maxAgeSeconds: 0, secure: false })).toBe(
      's=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });
});
