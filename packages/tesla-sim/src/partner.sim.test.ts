import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TeslaOAuthClient,
  describePartnerRegistration,
  registerPartnerAccount,
  type TeslaRegionEndpoint,
} from '@cybertacotruck/tesla';
import { startTeslaSim } from './sim';
import type { TeslaSim } from './types';

describe('partner-account registration against the simulator, one partner token per region', () => {
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
  const endpoint = (region: 'na' | 'eu' | 'cn'): TeslaRegionEndpoint => ({
    region,
    fleetApiBaseUrl: sim.regionBaseUrl(region),
    tokenUrl: sim.oauth.tokenUrls[region],
  });
  const all = () => [endpoint('na'), endpoint('eu'), endpoint('cn')];

  it('registers the domain in NA, EU and CN, then finds it already registered', async () => {
    const first = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'fleet.example.com',
      regions: all(),
    });
    expect(first.map((r) => [r.region, r.outcome, r.error])).toEqual([
      ['na', 'registered', null],
      ['eu', 'registered', null],
      ['cn', 'registered', null],
    ]);
    for (const r of first) expect(r.publicKey).toMatch(/^04[0-9a-f]{128}$/);

    const again = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'fleet.example.com',
      regions: all(),
    });
    expect(again.map((r) => r.outcome)).toEqual([
      'already registered',
      'already registered',
      'already registered',
    ]);
    expect(again.map(describePartnerRegistration)[2]).toMatch(
      /^CN {2}http:\S+\/fleet\/cn {2}already registered \(public key 04/,
    );
  });

  it('refuses a partner token whose audience is another region (401), so one token for all fails', async () => {
    // The old behaviour: one token (NA audience) used in every region.
    const naOnly = oauth();
    const oneToken = { partnerToken: () => naOnly.partnerToken() };
    const results = await registerPartnerAccount({
      oauth: oneToken,
      domain: 'one-token.example.com',
      regions: [endpoint('na'), endpoint('eu')],
    });
    expect(results.map((r) => [r.region, r.outcome, r.status])).toEqual([
      ['na', 'registered', 200],
      ['eu', 'failed', 401],
    ]);
    expect(results[1]?.error).toMatch(/audience is not .*\/fleet\/eu/);
    expect(results.map(describePartnerRegistration)[1]).toMatch(/^EU {2}\S+ {2}failed: 401 invalid_token: /);
  });

  it("issues China's audience only at China's token endpoint, and nothing else there", async () => {
    const global = { ...endpoint('cn'), tokenUrl: sim.oauth.tokenUrl };
    const [viaGlobal] = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'cn.example.com',
      regions: [global],
    });
    expect(viaGlobal).toMatchObject({ outcome: 'failed', status: null });
    expect(viaGlobal?.error).toMatch(
      /no partner token from .*\/oauth2\/v3\/token: 400 invalid_request Invalid resource/,
    );

    const naViaCn = { ...endpoint('na'), tokenUrl: sim.oauth.tokenUrls.cn };
    const [refused] = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'cn.example.com',
      regions: [naViaCn],
    });
    expect(refused?.outcome).toBe('failed');
    expect(refused?.error).toMatch(/Invalid resource/);
  });

  it('reports a refused domain per region instead of throwing', async () => {
    const [na] = await registerPartnerAccount({
      oauth: oauth(),
      domain: 'not a domain',
      regions: [endpoint('na')],
    });
    expect(na).toMatchObject({ outcome: 'failed', status: 400, publicKey: null });
    expect(na?.error).toMatch(/invalid_request/);
  });
});
