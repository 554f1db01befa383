import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim } from '../index';
import { fleetApi, parseForm, postForm } from '../../testing/http';

const REDIRECT = 'http://127.0.0.1:5173/auth/tesla/callback';
const SCOPES = 'openid offline_access user_data vehicle_device_data vehicle_location vehicle_cmds';

let sim: TeslaSim;
beforeAll(async () => {
  sim = await startTeslaSim({ port: 0, clock: 'manual' });
});
afterAll(async () => {
  await sim.close();
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const url = new URL(sim.oauth.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: sim.oauth.clientId,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state: 'st-123',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Drives the browser part: sign-in page → form post → consent → redirect. */
async function signInAndConsent(extra: Record<string, string> = {}, decision = 'allow'): Promise<URL> {
  const page = await fetch(authorizeUrl(extra), { redirect: 'manual' });
  expect(page.status).toBe(200);
  const signIn = parseForm(await page.text());
  const consentPage = await postForm(new URL(signIn.action, sim.url).toString(), {
    ...signIn.fields,
    email: 'demo@tesla-sim.test',
    password: 'cybertaco',
  });
  expect(consentPage.status).toBe(200);
  const consentHtml = await consentPage.text();
  expect(consentHtml).toContain('vehicle_location');
  const consent = parseForm(consentHtml);
  expect(consent.buttons.map((b) => b.label)).toEqual(['Allow', 'Deny']);
  const redirect = await postForm(new URL(consent.action, sim.url).toString(), {
    ...consent.fields,
    decision,
  });
  expect(redirect.status).toBe(302);
  return new URL(redirect.headers.get('location') ?? '');
}

async function token(
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, string> }> {
  const r = await postForm(sim.oauth.tokenUrl, fields);
  return { status: r.status, body: (await r.json()) as Record<string, string> };
}

describe('authorize', () => {
  it('renders a labelled sign-in page and redirects back with code, state and issuer', async () => {
    const html = await (await fetch(authorizeUrl())).text();
    expect(html).toMatch(/<label for="email">Email<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toContain('Sign In</button>');

    const back = await signInAndConsent();
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(back.searchParams.get('issuer')).toBe(`${sim.url}/oauth2/v3`);
    expect(back.searchParams.get('code')).toMatch(/^NA_/);
  });

  it('shows the form again on a wrong password', async () => {
    const signIn = parseForm(await (await fetch(authorizeUrl())).text());
    const again = await postForm(new URL(signIn.action, sim.url).toString(), {
      ...signIn.fields,
      email: 'demo@tesla-sim.test',
      password: 'nope',
    });
    expect(again.status).toBe(401);
    const html = await again.text();
    expect(html).toContain('incorrect');
    expect(parseForm(html).fields.email).toBe('demo@tesla-sim.test');
  });

  it('redirects with access_denied when the owner denies', async () => {
    const back = await signInAndConsent({}, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('never redirects to an unregistered URI or for an unknown client', async () => {
    const evil = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    expect(await evil.text()).toContain('redirect_uri');
    const unknown = await fetch(authorizeUrl({ client_id: 'nobody' }), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
  });

  it('reports a bad request to a registered redirect URI', async () => {
    const r = await fetch(authorizeUrl({ scope: 'openid fly_the_car' }), { redirect: 'manual' });
    expect(r.status).toBe(302);
    const back = new URL(r.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('invalid_scope');
    expect(back.searchParams.get('state')).toBe('st-123');
  });

  it('escapes what it echoes', async () => {
    const signIn = parseForm(await (await fetch(authorizeUrl())).text());
    const again = await postForm(new URL(signIn.action, sim.url).toString(), {
      ...signIn.fields,
      email: '"><script>alert(1)</script>',
      password: 'x',
    });
    const html = await again.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('token endpoint', () => {
  it('exchanges a code once (confidential client) for a JWT with Tesla claims', async () => {
    const code = (await signInAndConsent()).searchParams.get('code') ?? '';
    const exchange = {
      grant_type: 'authorization_code',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
      code,
      audience: sim.oauth.audience,
      redirect_uri: REDIRECT,
    };
    const first = await token(exchange);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 28_800 });
    expect(first.body.refresh_token).toMatch(/^NA_/);
    expect(first.body.id_token).toBeTruthy();
    const claims = decodeJwt(first.body.access_token ?? '');
    expect(claims.ou_code).toBe('NA');
    expect(claims.aud).toEqual([sim.regionBaseUrl('na'), sim.regionBaseUrl('eu'), sim.regionBaseUrl('cn')]);
    expect(claims.scp).toEqual(SCOPES.split(' '));
    expect(claims.iss).toBe(`${sim.url}/oauth2/v3`);
    expect(typeof claims.sub).toBe('string');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(28_800);

    const again = await token(exchange);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('verifies PKCE and needs a client secret without it', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const base = { grant_type: 'authorization_code', client_id: sim.oauth.clientId, redirect_uri: REDIRECT };

    const wrongCode = (await signInAndConsent(pkce)).searchParams.get('code') ?? '';
    const wrong = await token({ ...base, code: wrongCode, code_verifier: 'not-the-verifier' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');

    const goodCode = (await signInAndConsent(pkce)).searchParams.get('code') ?? '';
    const good = await token({ ...base, code: goodCode, code_verifier: verifier });
    expect(good.status).toBe(200);

    const plainCode = (await signInAndConsent()).searchParams.get('code') ?? '';
    const noSecret = await token({ ...base, code: plainCode });
    expect(noSecret.status).toBe(401);
    expect(noSecret.body.error).toBe('invalid_client');
  });

  it('binds the code to its redirect_uri', async () => {
    const code = (await signInAndConsent()).searchParams.get('code') ?? '';
    const r = await token({
      grant_type: 'authorization_code',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
      code,
      redirect_uri: 'http://127.0.0.1:9999/other',
    });
    expect(r.body.error).toBe('invalid_grant');
  });

  it('expires codes after 10 minutes', async () => {
    const code = (await signInAndConsent()).searchParams.get('code') ?? '';
    sim.clock.advance(11 * 60_000);
    const r = await token({
      grant_type: 'authorization_code',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
      code,
      redirect_uri: REDIRECT,
    });
    expect(r.body.error).toBe('invalid_grant');
  });

  it('rotates refresh tokens; a used one is rejected and does not kill the new one', async () => {
    const { refreshToken } = await sim.issueTokens();
    const refresh = (rt: string) =>
      token({ grant_type: 'refresh_token', client_id: sim.oauth.clientId, refresh_token: rt });
    const first = await refresh(refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(refreshToken);

    const reused = await refresh(refreshToken);
    expect(reused.status).toBe(401);
    expect(reused.body.error).toBe('invalid_grant');
    expect(reused.body.error_description).toBeTruthy();

    const second = await refresh(first.body.refresh_token ?? '');
    expect(second.status).toBe(200);
    const api = fleetApi(sim, second.body.access_token ?? '');
    expect((await api('GET', '/api/1/vehicles')).status).toBe(200);
  });

  it('issues partner tokens by client_credentials, which cannot read user data', async () => {
    const r = await token({
      grant_type: 'client_credentials',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
      audience: sim.oauth.audience,
      scope: 'openid vehicle_device_data',
    });
    expect(r.status).toBe(200);
    expect(r.body.refresh_token).toBeUndefined();
    const api = fleetApi(sim, r.body.access_token ?? '');
    const registered = await api('POST', '/api/1/partner_accounts', { domain: 'app.example.com' });
    expect(registered.status).toBe(200);
    const key = await api<{ response: { public_key: string } }>(
      'GET',
      '/api/1/partner_accounts/public_key?domain=app.example.com',
    );
    expect(key.body.response.public_key).toMatch(/^04[0-9a-f]{128}$/);
    // A partner token is for its audience's region only.
    const eu = fleetApi(sim, r.body.access_token ?? '', 'eu');
    expect((await eu('GET', '/api/1/partner_accounts/public_key?domain=app.example.com')).status).toBe(401);
    expect((await api('GET', '/api/1/vehicles')).status).toBe(403);

    const euToken = await token({
      grant_type: 'client_credentials',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
      audience: sim.regionBaseUrl('eu'),
    });
    const euApi = fleetApi(sim, euToken.body.access_token ?? '', 'eu');
    // Registered in NA only: EU does not know the domain yet.
    expect((await euApi('GET', '/api/1/partner_accounts/public_key?domain=app.example.com')).status).toBe(
      412,
    );
  });

  it('needs an audience for a partner token, and issues China’s only at China’s token endpoint', async () => {
    const partner = {
      grant_type: 'client_credentials',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
    };
    expect(await token(partner)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await token({ ...partner, audience: sim.regionBaseUrl('cn') })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Invalid resource' },
    });
    const cn = await postForm(sim.oauth.tokenUrls.cn, { ...partner, audience: sim.regionBaseUrl('cn') });
    expect(cn.status).toBe(200);
    const na = await postForm(sim.oauth.tokenUrls.cn, { ...partner, audience: sim.regionBaseUrl('na') });
    expect(na.status).toBe(400);
  });

  it('rejects an unknown grant type and a wrong secret', async () => {
    expect((await token({ grant_type: 'password', client_id: sim.oauth.clientId })).body.error).toBe(
      'unsupported_grant_type',
    );
    const wrong = await token({
      grant_type: 'client_credentials',
      client_id: sim.oauth.clientId,
      client_secret: 'x',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
  });
});

describe('consent revocation and expiry', () => {
  it('turns every token of the account off', async () => {
    const local = await startTeslaSim({ port: 0, clock: 'manual' });
    try {
      const t = await local.issueTokens();
      const api = fleetApi(local, t.accessToken);
      expect((await api('GET', '/api/1/vehicles')).status).toBe(200);
      local.revokeConsent();
      const after = await api('GET', '/api/1/vehicles');
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('invalid_token');
      const r = await postForm(local.oauth.tokenUrl, {
        grant_type: 'refresh_token',
        client_id: local.oauth.clientId,
        refresh_token: t.refreshToken,
      });
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: string }).error).toBe('invalid_grant');
    } finally {
      await local.close();
    }
  });

  it('expires access tokens on the simulated clock', async () => {
    const t = await sim.issueTokens({ accessTokenTtlSeconds: 60 });
    const api = fleetApi(sim, t.accessToken);
    expect((await api('GET', '/api/1/vehicles')).status).toBe(200);
    sim.clock.advance(61_000);
    const r = await api('GET', '/api/1/vehicles');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('answers 401 without a bearer token', async () => {
    const r = await fetch(`${sim.regionBaseUrl('na')}/api/1/vehicles`);
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ response: null, error: 'invalid_token' });
  });
});
