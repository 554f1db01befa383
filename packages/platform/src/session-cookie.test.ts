import { describe, expect, it } from 'vitest';
import { readCookie } from './session-cookie';

describe('readCookie', () => {
  it('reads one cookie among several, and ignores malformed ones', () => {
    expect(readCookie('a=1; ctt_session=abc-DEF_1; b=2', 'ctt_session')).toBe('abc-DEF_1');
    expect(readCookie('xctt_session=1', 'ctt_session')).toBeUndefined();
    expect(readCookie('ctt_session=%E0%A4%A', 'ctt_session')).toBeUndefined();
    expect(readCookie(undefined, 'ctt_session')).toBeUndefined();
  });
});
