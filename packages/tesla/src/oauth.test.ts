import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { TeslaOAuthError } from './errors';
import {
  DEFAULT_SCOPES,
  TESLA_AUTHORIZE_URL,
  TESLA_TOKEN_URL,
  TeslaOAuthClient,
  buildAuthorizeUrl,
  createOAuthState,
  createPkcePair,
  type TeslaOAuthConfig,
} from './oauth';

const cfg: TeslaOAuthConfig = {
  clientId: 'client-1',
  redirectUri: 'https://app.example/tesla/callback',
  authorizeUrl: TESLA_AUTHORIZE_URL,
  tokenUrl: TESLA_TOKEN_URL,
  audience: 'https://fleet-api.prd.na.vn.cloud.tesla.com',
  scopes: DEFAULT_SCOPES,
};

/** Records what the client posts and answers with a fixed token response (form encoding only). */
function tokenEndpoint(status: number, answer: Record<string, unknown>) {
  const forms: URLSearchParams[] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    forms.push(new URLSearchParams(typeof init?.body === 'string' ? init.body : ''));
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { forms, fetch };
}

const jwt = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('k'.repeat(32)));

describe('PKCE and state', () => {
  it('makes an S256 pair and unguessable state', () => {
    const { verifier, challenge } = createPkcePair();
    // 64 random bytes → 86 characters of the RFC 7636 alphabet (unreserved, 43–128 long).
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(Buffer.from(verifier, 'base64url')).toHaveLength(64);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(createPkcePair().verifier).not.toBe(verifier);
    expect(createOAuthState()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('buildAuthorizeUrl', () => {
  it('asks Tesla for a code with the scopes, state and PKCE challenge', () => {
    const url = new URL(
      buildAuthorizeUrl(cfg, {
        state: 's1',
        codeChallenge: 'c1',
        nonce: 'n1',
        locale: 'en-US',
        prompt: 'login',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(TESLA_AUTHORIZE_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://app.example/tesla/callback',
      scope:
        'openid offline_access user_data vehicle_device_data vehicle_location vehicle_cmds vehicle_charging_cmds',
      state: 's1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
      nonce: 'n1',
      locale: 'en-US',
      prompt: 'login',
    });
  });

  it('leaves optional parameters out', () => {
    const url = new URL(buildAuthorizeUrl(cfg, { state: 's', promptMissingScopes: true }));
    expect(url.searchParams.has('code_challenge')).toBe(false);
    expect(url.searchParams.get('prompt_missing_scopes')).toBe('true');
  });
});

describe('TeslaOAuthClient', () => {
  it('exchanges a code with PKCE and reads region and subject from the JWT', async () => {
    const accessToken = await jwt({ sub: 'user-9', ou_code: 'EU', scp: ['openid', 'vehicle_device_data'] });
    const t = tokenEndpoint(200, {
      access_token: accessToken,
      refresh_token: 'r1',
      id_token: 'i1',
      expires_in: 28_800,
    });
    const client = new TeslaOAuthClient(cfg, { fetch: t.fetch, now: () => 1_000_000 });
    const set = await client.exchangeCode({ code: 'code-1', codeVerifier: 'v1' });
    expect(Object.fromEntries(t.forms[0] ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      code: 'code-1',
      audience: cfg.audience,
      redirect_uri: cfg.redirectUri,
      code_verifier: 'v1',
    });
    expect(set).toEqual({
      accessToken,
      refreshToken: 'r1',
      idToken: 'i1',
      expiresAt: new Date(1_000_000 + 28_800_000),
      scopes: ['openid', 'vehicle_device_data'],
      region: 'eu',
      subject: 'user-9',
    });
  });

  it('sends the client secret only when configured, and refreshes without it', async () => {
    const t = tokenEndpoint(200, { access_token: 'opaque', refresh_token: 'r2', expires_in: 10 });
    const client = new TeslaOAuthClient({ ...cfg, clientSecret: 'shh' }, { fetch: t.fetch });
    await client.exchangeCode({ code: 'c' });
    const refreshed = await client.refresh('r1');
    expect(t.forms[0]?.get('client_secret')).toBe('shh');
    expect(Object.fromEntries(t.forms[1] ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-1',
      refresh_token: 'r1',
    });
    expect(refreshed.region).toBeNull();
    expect(refreshed.refreshToken).toBe('r2');
  });

  it('asks for a partner token with client credentials', async () => {
    const t = tokenEndpoint(200, { access_token: 'p', expires_in: 60 });
    const client = new TeslaOAuthClient({ ...cfg, clientSecret: 'shh' }, { fetch: t.fetch, now: () => 0 });
    expect(await client.partnerToken(['openid', 'vehicle_cmds'])).toEqual({
      accessToken: 'p',
      expiresAt: new Date(60_000),
    });
    expect(Object.fromEntries(t.forms[0] ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: 'shh',
      audience: cfg.audience,
      scope: 'openid vehicle_cmds',
    });
    await expect(new TeslaOAuthClient(cfg).partnerToken()).rejects.toThrow(/client secret/);
  });

  it('asks the region’s own token endpoint for a partner token with that region’s audience', async () => {
    const urls: string[] = [];
    const t = tokenEndpoint(200, { access_token: 'p', expires_in: 60 });
    const fetch = ((url: string, init?: RequestInit) => {
      urls.push(url);
      return t.fetch(url, init);
    }) as typeof globalThis.fetch;
    const client = new TeslaOAuthClient({ ...cfg, clientSecret: 'shh' }, { fetch });
    await client.partnerToken(undefined, {
      audience: 'https://fleet-api.prd.cn.vn.cloud.tesla.cn',
      tokenUrl: 'https://auth.tesla.cn/oauth2/v3/token',
    });
    expect(urls).toEqual(['https://auth.tesla.cn/oauth2/v3/token']);
    expect(t.forms[0]?.get('audience')).toBe('https://fleet-api.prd.cn.vn.cloud.tesla.cn');
  });

  it('turns invalid_grant on refresh into needsReconsent, without the token in the message', async () => {
    const t = tokenEndpoint(400, {
      error: 'invalid_grant',
      error_description: 'refresh token secret-r1 is revoked',
    });
    const error = await new TeslaOAuthClient(cfg, { fetch: t.fetch })
      .refresh('secret-r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeslaOAuthError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant', needsReconsent: true });
    expect((error as Error).message).not.toContain('secret-r1');
    const onExchange = await new TeslaOAuthClient(cfg, { fetch: t.fetch })
      .exchangeCode({ code: 'c' })
      .catch((e: unknown) => e);
    expect(onExchange).toMatchObject({ error: 'invalid_grant', needsReconsent: false });
  });

  it('gives up on a token endpoint that takes the request and never answers (a real HTTP server)', async () => {
    let received = 0;
    const server = createServer((request) => {
      received += 1;
      request.resume(); // reads the form, answers nothing
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const tokenUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/oauth2/v3/token`;
      const error = await new TeslaOAuthClient({ ...cfg, tokenUrl }, { timeoutMs: 300 })
        .refresh('secret-r2')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TeslaOAuthError);
      expect(error).toMatchObject({ status: 0, error: 'timeout', needsReconsent: false });
      expect((error as Error).message).not.toContain('secret-r2');
      expect(received).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
