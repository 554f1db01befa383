import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runRegisterPartner } from './partner-registration';

describe('tesla:register-partner against the simulator', () => {
  let sim: TeslaSim;
  beforeAll(async () => {
    sim = await startTeslaSim({ port: 0, clock: 'manual', requirePartnerRegistration: true });
  });
  afterAll(() => sim.close());

  const run = async (argv: string[], env: Record<string, string> = { TESLA_SIMULATOR_URL: sim.url }) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runRegisterPartner(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('registers in every region with one line each, and a second run finds them registered', async () => {
    const first = await run(['--domain', 'fleet.example.com']);
    expect(first).toMatchObject({ code: EXIT.ok, err: [] });
    expect(first.out).toHaveLength(3);
    expect(first.out[0]).toMatch(/^NA {2}http:\S+\/fleet\/na {2}registered \(public key 04[0-9a-f]{10}…\)$/);
    expect(first.out[1]).toMatch(/^EU {2}\S+\/fleet\/eu {2}registered /);
    expect(first.out[2]).toMatch(/^CN {2}\S+\/fleet\/cn {2}registered /);

    const second = await run(['--domain', 'fleet.example.com']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.out.map((l) => l.split('  ')[2]?.replace(/ \(.*/, ''))).toEqual([
      'already registered',
      'already registered',
      'already registered',
    ]);
  });

  it('fails (exit 1) in each region where Tesla serves another key than --public-key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partner-key-'));
    const pem = join(dir, 'public-key.pem');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(pem, publicKey.export({ type: 'spki', format: 'pem' }));
    // The simulator cannot fetch the domain's .well-known key, so it never holds this one.
    const result = await run(['--domain', 'keyed.example.com', '--regions', 'na,eu', '--public-key', pem]);
    expect(result.code).toBe(EXIT.failed);
    expect(result.out).toHaveLength(2);
    for (const line of result.out)
      expect(line).toMatch(
        /failed: registered, but Tesla reads a different public key for keyed\.example\.com/,
      );
  });

  it('takes the domain and the key the app serves from its configuration', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const result = await run(['--regions', 'eu'], {
      TESLA_SIMULATOR_URL: sim.url,
      TESLA_PARTNER_DOMAIN: 'configured.example.com',
      TESLA_PUBLIC_KEY: pem,
    });
    expect(result.code).toBe(EXIT.failed);
    expect(result.out).toEqual([
      expect.stringMatching(
        /^EU {2}\S+ {2}failed: registered, but Tesla reads a different public key for configured\.example\.com/,
      ),
    ]);
    const bad = await run([], {
      TESLA_SIMULATOR_URL: sim.url,
      TESLA_PARTNER_DOMAIN: 'configured.example.com',
      TESLA_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----',
    });
    expect(bad.code).toBe(EXIT.config);
    expect(bad.err[0]).toMatch(/^TESLA_PUBLIC_KEY: /);
  });

  it('refuses bad arguments with a clear message and calls nobody (exit 78)', async () => {
    const before = sim.billing.snapshot();
    const result = await run(['--domain', 'https://fleet.example.com/', '--regions', 'na,mars']);
    expect(result.code).toBe(EXIT.config);
    expect(result.out).toEqual([]);
    expect(result.err.join('\n')).toMatch(/--domain must be a host name such as fleet\.example\.com/);
    expect(result.err.join('\n')).toMatch(/--regions: "mars" is not one of na, eu, cn/);
    expect(sim.billing.snapshot()).toEqual(before);

    const noTesla = await run(['--domain', 'fleet.example.com'], {});
    expect(noTesla.code).toBe(EXIT.config);
    expect(noTesla.err[0]).toMatch(/set TESLA_CLIENT_ID and TESLA_CLIENT_SECRET .* or TESLA_SIMULATOR_URL/);
    const noSecret = await run(['--domain', 'fleet.example.com'], { TESLA_CLIENT_ID: 'app' });
    expect(noSecret.err[0]).toMatch(/TESLA_CLIENT_SECRET is required/);
  });
});
