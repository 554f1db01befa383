import { describe, expect, it } from 'vitest';
import { SessionCache } from './remote-session';

const session = { principal: { userId: 'u', role: 'operator' as const }, expiresAt: '', csrfTokenSha256: '' };

describe('the remote session cache', () => {
  it('reuses an answer for its time to live, shares one call between concurrent requests', async () => {
    let now = 0;
    let calls = 0;
    const cache = new SessionCache(
      async () => {
        calls += 1;
        return session;
      },
      5_000,
      10,
      () => now,
    );
    await Promise.all([cache.resolve('a'), cache.resolve('a')]);
    expect(calls).toBe(1);
    now = 4_999;
    await cache.resolve('a');
    expect(calls).toBe(1);
    now = 5_000;
    await cache.resolve('a');
    expect(calls).toBe(2);
    cache.forget('a');
    await cache.resolve('a');
    expect(calls).toBe(3);
  });

  it('keeps at most maxEntries answers and does not remember failures', async () => {
    let fail = true;
    const cache = new SessionCache(
      async (id) => {
        if (fail && id === 'x') throw new Error('account unavailable');
        return null;
      },
      5_000,
      3,
      () => 0,
    );
    for (const id of ['1', '2', '3', '4', '5']) await cache.resolve(id);
    expect(cache.size).toBe(3);
    await expect(cache.resolve('x')).rejects.toThrow('account unavailable');
    await Promise.resolve();
    fail = false;
    await expect(cache.resolve('x')).resolves.toBeNull();
  });
});
