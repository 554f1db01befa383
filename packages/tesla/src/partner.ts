import { createPublicKey } from 'node:crypto';
import { TeslaOAuthError } from './errors';
import type { TeslaOAuthClient } from './oauth';
import type { TeslaRegion, TeslaRegionEndpoint } from './regions';

export type PartnerOutcome = 'registered' | 'already registered' | 'failed';

export interface PartnerRegistration {
  region: TeslaRegion;
  baseUrl: string;
  outcome: PartnerOutcome;
  /** HTTP status of the last Fleet API call for this region (null: none answered). */
  status: number | null;
  /** The public key Tesla serves for the domain in this region, when it answered. */
  publicKey: string | null;
  /** Why it failed, for a person: never holds a token or the client secret. */
  error: string | null;
}

type Fetch = typeof fetch;

/**
 * Registers the app's domain as a partner account in each region given (Tesla answers 412 "must
 * be registered in the current region" elsewhere). Each region gets its own partner token, with
 * that region's Fleet API as the audience, from that region's token endpoint (China:
 * `auth.tesla.cn`). Idempotent: a region that already serves `expectedPublicKey` (or, without
 * one, any key) for the domain is left alone; one serving another key is registered again, which
 * makes Tesla fetch the key anew from
 * `https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem`. A failing region does
 * not stop the others.
 */
export async function registerPartnerAccount(o: {
  oauth: Pick<TeslaOAuthClient, 'partnerToken'>;
  domain: string;
  regions: readonly TeslaRegionEndpoint[];
  /** The key hosted for the domain, as Tesla writes it (hex of the uncompressed point). */
  expectedPublicKey?: string;
  fetch?: Fetch;
}): Promise<PartnerRegistration[]> {
  const results: PartnerRegistration[] = [];
  for (const endpoint of o.regions) results.push(await registerIn(endpoint, o));
  return results;
}

async function registerIn(
  endpoint: TeslaRegionEndpoint,
  o: {
    oauth: Pick<TeslaOAuthClient, 'partnerToken'>;
    domain: string;
    expectedPublicKey?: string;
    fetch?: Fetch;
  },
): Promise<PartnerRegistration> {
  const doFetch = o.fetch ?? fetch;
  const baseUrl = endpoint.fleetApiBaseUrl.replace(/\/+$/, '');
  const expected = o.expectedPublicKey?.toLowerCase();
  const result = (
    outcome: PartnerOutcome,
    status: number | null,
    publicKey: string | null,
    error: string | null = null,
  ): PartnerRegistration => ({ region: endpoint.region, baseUrl, outcome, status, publicKey, error });

  let accessToken: string;
  try {
    ({ accessToken } = await o.oauth.partnerToken(undefined, {
      audience: baseUrl,
      tokenUrl: endpoint.tokenUrl,
    }));
  } catch (error) {
    const why =
      error instanceof TeslaOAuthError
        ? [error.status || null, error.error, error.errorDescription].filter(Boolean).join(' ')
        : error instanceof Error
          ? error.message
          : String(error);
    return result('failed', null, null, `no partner token from ${endpoint.tokenUrl}: ${why}`);
  }
  const headers = {
    authorization: `Bearer ${accessToken}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    try {
      const res = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      return { status: res.status, ok: res.ok, body: await readEnvelope(res) };
    } catch {
      return null; // the cause can echo request headers: the bearer token stays out of errors
    }
  };
  const readKey = async () => {
    const res = await call(
      'GET',
      `/api/1/partner_accounts/public_key?domain=${encodeURIComponent(o.domain)}`,
    );
    const key = res?.ok ? res.body.response?.public_key : undefined;
    return { res, key: typeof key === 'string' && key !== '' ? key.toLowerCase() : null };
  };

  const before = await readKey();
  if (before.res === null) return result('failed', null, null, `${baseUrl} did not answer`);
  if (before.key !== null && (expected === undefined || before.key === expected))
    return result('already registered', before.res.status, before.key);

  const posted = await call('POST', '/api/1/partner_accounts', { domain: o.domain });
  if (posted === null) return result('failed', null, null, `${baseUrl} did not answer`);
  if (!posted.ok) return result('failed', posted.status, before.key, problemOf(posted.status, posted.body));

  const after = await readKey();
  const key = after.key ?? stringOr(posted.body.response?.public_key);
  if (expected !== undefined && key !== expected)
    return result(
      'failed',
      after.res?.status ?? posted.status,
      key,
      `registered, but Tesla reads a different public key for ${o.domain} than the one given: is https://${o.domain}/.well-known/appspecific/com.tesla.3p.public-key.pem that key?`,
    );
  return result('registered', posted.status, key);
}

/** One line per region, for an operator's terminal. */
export function describePartnerRegistration(r: PartnerRegistration): string {
  const what = r.outcome === 'failed' ? `failed: ${r.error ?? 'unknown reason'}` : r.outcome;
  const key = r.publicKey ? ` (public key ${r.publicKey.slice(0, 12)}…)` : '';
  return `${r.region.toUpperCase()}  ${r.baseUrl}  ${what}${r.outcome === 'failed' ? '' : key}`;
}

/**
 * An EC P-256 public key (PEM) as Tesla's partner API writes it: hex of the uncompressed point
 * (`04` ‖ x ‖ y). Throws on anything else.
 */
export function partnerPublicKeyHex(pem: string): string {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y)
    throw new Error('the partner public key must be an EC P-256 (prime256v1) key');
  const hex = (b64: string) => Buffer.from(b64, 'base64url').toString('hex').padStart(64, '0');
  return `04${hex(jwk.x)}${hex(jwk.y)}`;
}

interface Envelope {
  response?: { public_key?: unknown };
  error?: unknown;
  error_description?: unknown;
}

async function readEnvelope(res: Response): Promise<Envelope> {
  const parsed: unknown = await res.json().catch(() => null);
  return typeof parsed === 'object' && parsed !== null ? parsed : {};
}

function problemOf(status: number, body: Envelope): string {
  const parts = [stringOr(body.error), stringOr(body.error_description)].filter(Boolean);
  return `${status}${parts.length > 0 ? ` ${parts.join(': ')}` : ''}`;
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
