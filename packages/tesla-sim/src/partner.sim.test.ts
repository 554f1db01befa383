import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeslaOAuthClient, registerPartnerAccount } from '@cybertacotruck/tesla';
import { startTeslaSim } from './sim';
import type { TeslaSim } from './types';

describe('partner-account registration against the simulator', () => {
  let sim: TeslaSim;
  beforeAll(async () => {
    sim = await startTeslaSim({ port: 0, clock: 'manual', requirePartnerRegistration: true });
  });
  afterAll(() => sim.close());

  const oauth = () =>
    new TeslaOAuthClient({
      clientId: sim.oauth.clientId,
      clientSecret: sim.oauth.clientSecret,
      redirectUri: 'http://127.0.0.1/cb',
      authorizeUrl: sim.oauth.authorizeUrl,
      tokenUrl: sim.oauth.tokenUrl,
      audience: sim.oauth.audience,
      scopes: [],
    });

  it('registers the domain in every region and reads its public key back', async () => {
    const results = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'fleet.example.com',
      regions: { na: sim.regionBaseUrl('na'), eu: sim.regionBaseUrl('eu') },
    });
    expect(results.map((r) => [r.region, r.registered])).toEqual([
      ['na', true],
      ['eu', true],
    ]);
    for (const r of results) expect(r.publicKey).toMatch(/BEGIN PUBLIC KEY|^[A-Za-z0-9+/=\n-]+$/);
  });

  it('reports a refused domain per region instead of throwing', async () => {
    const [na] = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'not a domain',
      regions: { na: sim.regionBaseUrl('na') },
    });
    expect(na).toMatchObject({ registered: false, status: 400, publicKey: null });
    expect(na?.error).toMatch(/invalid_request/);
  });
});
