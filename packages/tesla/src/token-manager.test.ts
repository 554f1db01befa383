import { describe, expect, it } from 'vitest';
import { NeedsReconsentError, TeslaOAuthError } from './errors';
import type { TeslaTokenSet } from './oauth';
import { InMemoryTokenStore, TokenManager } from './token-manager';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const now = () => NOW;
const HOUR = 3_600_000;

function tokenSet(n: number): TeslaTokenSet {
  return {
    accessToken: `a${n}`,
    refreshToken: `r${n}`,
    expiresAt: new Date(NOW + 8 * HOUR),
    scopes: [],
    region: 'na',
    subject: 'u',
  };
}

/** A fake token endpoint with single-use refresh tokens, like Tesla's. */
function fakeOAuth(o: { gate?: Promise<void> } = {}) {
  const calls: string[] = [];
  let issued = 1;
  const used = new Set<string>();
  return {
    calls,
    oauth: {
      refresh: async (refreshToken: string) => {
        calls.push(refreshToken);
        await o.gate;
        if (used.has(refreshToken) || refreshToken === 'revoked') {
          throw new TeslaOAuthError(400, 'invalid_grant', 'refresh token already used', true);
        }
        used.add(refreshToken);
        return tokenSet(++issued);
      },
    },
  };
}

function seeded(expiresAt: number) {
  const store = new InMemoryTokenStore();
  store.set('c1', { accessToken: 'a1', refreshToken: 'r1', expiresAt: new Date(expiresAt) });
  return store;
}

describe('TokenManager', () => {
  it('returns a fresh token without refreshing', async () => {
    const { oauth, calls } = fakeOAuth();
    const tm = new TokenManager({ oauth, store: seeded(NOW + HOUR), now });
    expect(await tm.getAccessToken('c1')).toBe('a1');
    expect(calls).toEqual([]);
  });

  it('refreshes within the skew, and 100 concurrent callers share one refresh', async () => {
    const { oauth, calls } = fakeOAuth();
    const store = seeded(NOW + 4 * 60_000);
    const tm = new TokenManager({ oauth, store, now });
    const tokens = await Promise.all(Array.from({ length: 100 }, () => tm.getAccessToken('c1')));
    expect(new Set(tokens)).toEqual(new Set(['a2']));
    expect(calls).toEqual(['r1']);
    expect(await store.load('c1')).toMatchObject({ accessToken: 'a2', refreshToken: 'r2' });
    expect(await tm.getAccessToken('c1')).toBe('a2');
  });

  it('lets only one of two processes persist; the loser reloads the winner’s tokens', async () => {
    // Tesla tolerating a reused refresh token for a moment is the worst case: both refreshes succeed.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = seeded(NOW - 1);
    const issued: TeslaTokenSet[] = [tokenSet(7), tokenSet(8)];
    const calls: string[] = [];
    const oauth = {
      refresh: async (rt: string) => {
        calls.push(rt);
        await gate;
        const next = issued.shift();
        if (!next) throw new Error('unexpected refresh');
        return next;
      },
    };
    const p1 = new TokenManager({ oauth, store, now }).getAccessToken('c1');
    const p2 = new TokenManager({ oauth, store, now }).getAccessToken('c1');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const [t1, t2] = await Promise.all([p1, p2]);
    expect(calls).toEqual(['r1', 'r1']);
    expect(t1).toBe('a7');
    expect(t2).toBe('a7');
    expect(await store.load('c1')).toMatchObject({ refreshToken: 'r7' });
  });

  it('after invalid_grant caused by another process’s rotation, uses the rotated tokens', async () => {
    const store = seeded(NOW - 1);
    const oauth = {
      refresh: async () => {
        // Meanwhile another process refreshed and stored its set.
        await store.compareAndSwap('c1', 'r1', tokenSet(5));
        throw new TeslaOAuthError(400, 'invalid_grant', null, true);
      },
    };
    expect(await new TokenManager({ oauth, store, now }).getAccessToken('c1')).toBe('a5');
    expect(store.reconsentReason('c1')).toBeNull();
  });

  it('marks the connection for re-consent when the refresh token is dead', async () => {
    const { oauth } = fakeOAuth();
    const store = new InMemoryTokenStore();
    store.set('c1', { accessToken: 'a1', refreshToken: 'revoked', expiresAt: new Date(NOW - 1) });
    const tm = new TokenManager({ oauth, store, now });
    await expect(tm.getAccessToken('c1')).rejects.toBeInstanceOf(NeedsReconsentError);
    expect(store.reconsentReason('c1')).toBe('invalid_grant');
    await expect(tm.getAccessToken('c1')).rejects.toThrow(/sign in again/);
  });

  it('passes transient refresh failures through without marking', async () => {
    const store = seeded(NOW - 1);
    const oauth = {
      refresh: async () => {
        throw new TeslaOAuthError(503, null, null, false);
      },
    };
    await expect(new TokenManager({ oauth, store, now }).getAccessToken('c1')).rejects.toBeInstanceOf(
      TeslaOAuthError,
    );
    expect(store.reconsentReason('c1')).toBeNull();
  });

  it('after a 401, refreshes only if the rejected token is still the stored one', async () => {
    const { oauth, calls } = fakeOAuth();
    const store = seeded(NOW + HOUR);
    const tm = new TokenManager({ oauth, store, now });
    const [x, y] = await Promise.all([
      tm.refreshAfterRejection('c1', 'a1'),
      tm.refreshAfterRejection('c1', 'a1'),
    ]);
    expect([x, y]).toEqual(['a2', 'a2']);
    expect(await tm.refreshAfterRejection('c1', 'a1')).toBe('a2');
    expect(calls).toEqual(['r1']);
  });
});
