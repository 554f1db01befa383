import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim } from '../index';
import { parseForm, postForm } from '../../testing/http';

const REDIRECT = 'http://127.0.0.1:5173/api/v1/tesla/callback';

let sim: TeslaSim;
beforeAll(async () => {
  sim = await startTeslaSim({ port: 0, clock: 'manual' });
});
afterAll(async () => {
  await sim.close();
});

const authorizeUrl = () => {
  const url = new URL(sim.oauth.authorizeUrl);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: sim.oauth.clientId,
    redirect_uri: REDIRECT,
    scope: 'openid offline_access vehicle_device_data',
    state: 'st-demo',
  }))
    url.searchParams.set(k, v);
  return url.toString();
};

/** The second form of the sign-in page: the demo accounts. */
function demoForm(html: string) {
  const at = html.indexOf('<section aria-labelledby="demo-heading">');
  expect(at).toBeGreaterThan(0);
  return parseForm(html.slice(at));
}

describe('the simulator finds its own way to clients and operators', () => {
  it('describes its one OAuth app at GET /sim/client, as a developer portal would', async () => {
    const body = (await (await fetch(`${sim.url}/sim/client`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      clientId: sim.oauth.clientId,
      clientSecret: sim.oauth.clientSecret,
      authorizeUrl: sim.oauth.authorizeUrl,
      tokenUrl: sim.oauth.tokenUrl,
      audience: sim.oauth.audience,
      regions: { na: sim.regionBaseUrl('na'), eu: sim.regionBaseUrl('eu'), cn: sim.regionBaseUrl('cn') },
    });
  });

  it('lists its seeded accounts at GET /sim/accounts', async () => {
    const body = (await (await fetch(`${sim.url}/sim/accounts`)).json()) as {
      items: { email: string; password: string; region: string; vehicles: number }[];
    };
    expect(body.items).toEqual(
      sim.accounts.map((a) => ({
        email: a.email,
        password: a.password,
        name: a.name,
        region: a.region,
        vehicles: sim.vehicles(a.email).length,
      })),
    );
    expect(body.items[0]).toMatchObject({ email: 'demo@tesla-sim.test', vehicles: 8 });
  });

  it('offers its demo accounts on the sign-in page: one click signs in as the owner and allows the app', async () => {
    const page = await (await fetch(authorizeUrl())).text();
    const form = demoForm(page);
    // The scopes being granted are on the page, above the buttons.
    expect(page).toContain('vehicle_device_data');
    expect(form.buttons.map((b) => b.value)).toEqual(sim.accounts.map((a) => a.email));
    expect(form.buttons[0]?.label).toMatch(/demo@tesla-sim\.test .*8 cars/);

    const redirect = await postForm(new URL(form.action, sim.url).toString(), {
      ...form.fields,
      email: 'demo@tesla-sim.test',
    });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-demo');
    const code = back.searchParams.get('code') ?? '';

    // The code is as good as one from the password and consent pages.
    const token = await postForm(sim.oauth.tokenUrl, {
      grant_type: 'authorization_code',
      client_id: sim.oauth.clientId,
      client_secret: sim.oauth.clientSecret,
      code,
      redirect_uri: REDIRECT,
      audience: sim.oauth.audience,
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { refresh_token?: string }).refresh_token).toEqual(expect.any(String));

    // The sign-in transaction is spent: the same click again starts nothing.
    const again = await postForm(new URL(form.action, sim.url).toString(), {
      ...form.fields,
      email: 'demo@tesla-sim.test',
    });
    expect(again.status).toBe(400);
  });

  it('refuses an account it does not have, and issues no code', async () => {
    const form = demoForm(await (await fetch(authorizeUrl())).text());
    const refused = await postForm(new URL(form.action, sim.url).toString(), {
      ...form.fields,
      email: 'nobody@tesla-sim.test',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('No such demo account.');
  });
});
