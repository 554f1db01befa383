import { createRng, deriveSeed } from '../prng';
import type { OAuthClient } from './tokens';

/**
 * The one registered third-party app. Derived from the seed so a standalone sim keeps the same
 * credentials across restarts (a .env written once keeps working).
 */
export function makeSimClient(
  seed: number,
  o: { clientId?: string; clientSecret?: string; redirectUris?: string[] },
): OAuthClient {
  const rng = createRng(deriveSeed(seed, 'oauth-client'));
  const hex = (n: number): string => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  const id = hex(32);
  return {
    clientId:
      o.clientId ??
      `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
    clientSecret: o.clientSecret ?? `ta-secret.${hex(16)}`,
    redirectUris: o.redirectUris ?? [],
  };
}
