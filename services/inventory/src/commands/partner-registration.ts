import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, type Env } from '@cybertacotruck/platform';
import {
  TESLA_REGIONS,
  TeslaOAuthClient,
  describePartnerRegistration,
  parseTeslaRegion,
  partnerPublicKeyHex,
  registerPartnerAccount,
  teslaRegionEndpoints,
  type TeslaRegion,
  type TeslaRegionEndpoint,
} from '@cybertacotruck/tesla';
import { InventoryConfigSchema, type InventoryConfig } from '../config';

export const REGISTER_PARTNER_USAGE =
  'usage: npm run tesla:register-partner -- [--domain fleet.example.com] [--regions na,eu,cn] [--public-key key.pem] (defaults: TESLA_PARTNER_DOMAIN, TESLA_PUBLIC_KEY[_FILE])';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Exit codes: 0 every region registered (or already was), 1 a region failed, 78 bad configuration. */
export const EXIT = { ok: 0, failed: 1, config: 78 } as const;

/**
 * `tesla:register-partner`: registers the app's domain as a Tesla partner account in each region,
 * each with its own partner token, and prints one line per region. Against Tesla with
 * TESLA_CLIENT_ID/TESLA_CLIENT_SECRET, or against a simulator at TESLA_SIMULATOR_URL.
 */
export async function runRegisterPartner(
  argv: string[],
  env: Env,
  io: { out(line: string): void; err(line: string): void },
  deps: { fetch?: typeof fetch } = {},
): Promise<number> {
  try {
    const config = parseConfig(InventoryConfigSchema, env);
    const args = readArgs(argv, config);
    const target = await teslaTarget(config, args.regions, deps.fetch ?? fetch);
    const results = await registerPartnerAccount({
      oauth: target.oauth,
      domain: args.domain,
      regions: target.regions,
      ...(args.publicKey !== undefined ? { expectedPublicKey: args.publicKey } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    for (const r of results) io.out(describePartnerRegistration(r));
    return results.every((r) => r.outcome !== 'failed') ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) io.err(problem);
      return EXIT.config;
    }
    io.err(error instanceof Error ? error.message : String(error));
    return EXIT.failed;
  }
}

/**
 * The arguments, with the app's configuration as defaults: the domain the app serves its key on
 * (TESLA_PARTNER_DOMAIN) and that key (TESLA_PUBLIC_KEY[_FILE]), so a run checks that Tesla holds
 * the very key the app serves.
 */
function readArgs(
  argv: string[],
  config: InventoryConfig,
): { domain: string; regions: TeslaRegion[]; publicKey?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        domain: { type: 'string' },
        regions: { type: 'string' },
        'public-key': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new ConfigError([(error as Error).message, REGISTER_PARTNER_USAGE]);
  }
  const problems: string[] = [];
  const domain = (values.domain ?? config.TESLA_PARTNER_DOMAIN ?? '').trim();
  if (!domain)
    problems.push('--domain is required (or TESLA_PARTNER_DOMAIN), e.g. --domain fleet.example.com');
  else if (!HOSTNAME.test(domain))
    problems.push(
      `--domain must be a host name such as fleet.example.com (no scheme, port or path), not "${domain}"`,
    );
  const regions: TeslaRegion[] = [];
  for (const code of (values.regions ?? TESLA_REGIONS.join(',')).split(',')) {
    const region = parseTeslaRegion(code);
    if (region === null) problems.push(`--regions: "${code}" is not one of ${TESLA_REGIONS.join(', ')}`);
    else if (!regions.includes(region)) regions.push(region);
  }
  let publicKey: string | undefined;
  const keyPath = values['public-key'];
  const [source, pem] =
    keyPath !== undefined
      ? [`--public-key ${keyPath}`, () => readFileSync(keyPath, 'utf8')]
      : config.TESLA_PUBLIC_KEY_FILE !== undefined
        ? [
            `TESLA_PUBLIC_KEY_FILE ${config.TESLA_PUBLIC_KEY_FILE}`,
            () => readFileSync(config.TESLA_PUBLIC_KEY_FILE ?? '', 'utf8'),
          ]
        : config.TESLA_PUBLIC_KEY !== undefined
          ? ['TESLA_PUBLIC_KEY', () => (config.TESLA_PUBLIC_KEY ?? '').replace(/\\n/g, '\n')]
          : [null, null];
  if (source !== null) {
    try {
      publicKey = partnerPublicKeyHex(pem());
    } catch (error) {
      problems.push(`${source}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError([...problems, REGISTER_PARTNER_USAGE]);
  return { domain: domain.toLowerCase(), regions, ...(publicKey !== undefined ? { publicKey } : {}) };
}

interface Target {
  oauth: TeslaOAuthClient;
  regions: TeslaRegionEndpoint[];
}

async function teslaTarget(
  config: InventoryConfig,
  regions: TeslaRegion[],
  doFetch: typeof fetch,
): Promise<Target> {
  const client = (o: { clientId: string; clientSecret: string; tokenUrl: string; audience: string }) =>
    new TeslaOAuthClient(
      {
        ...o,
        redirectUri: config.TESLA_REDIRECT_URI ?? 'https://localhost/',
        authorizeUrl: config.TESLA_AUTHORIZE_URL,
        scopes: config.TESLA_SCOPES.split(' '),
      },
      { fetch: doFetch },
    );
  if (config.TESLA_CLIENT_ID) {
    if (!config.TESLA_CLIENT_SECRET)
      throw new ConfigError([
        'TESLA_CLIENT_SECRET is required with TESLA_CLIENT_ID: a partner token is the app’s own (client credentials)',
      ]);
    return {
      oauth: client({
        clientId: config.TESLA_CLIENT_ID,
        clientSecret: config.TESLA_CLIENT_SECRET,
        tokenUrl: config.TESLA_TOKEN_URL,
        audience: config.TESLA_AUDIENCE,
      }),
      regions: teslaRegionEndpoints(regions, { globalTokenUrl: config.TESLA_TOKEN_URL }),
    };
  }
  if (config.TESLA_SIMULATOR_URL)
    return simulatorTarget(config.TESLA_SIMULATOR_URL, regions, doFetch, client);
  throw new ConfigError([
    'no Tesla is configured: set TESLA_CLIENT_ID and TESLA_CLIENT_SECRET (your Tesla app), or TESLA_SIMULATOR_URL (a Tesla simulator)',
  ]);
}

/** A simulator publishes its app and its per-region endpoints at /sim/client. */
async function simulatorTarget(
  url: string,
  regions: TeslaRegion[],
  doFetch: typeof fetch,
  client: (o: {
    clientId: string;
    clientSecret: string;
    tokenUrl: string;
    audience: string;
  }) => TeslaOAuthClient,
): Promise<Target> {
  let sim: {
    clientId?: string;
    clientSecret?: string;
    tokenUrl?: string;
    audience?: string;
    regions?: Partial<Record<TeslaRegion, string>>;
    tokenUrls?: Partial<Record<TeslaRegion, string>>;
  };
  try {
    const res = await doFetch(`${url.replace(/\/+$/, '')}/sim/client`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    sim = (await res.json()) as typeof sim;
  } catch (error) {
    throw new ConfigError([
      `TESLA_SIMULATOR_URL ${url}: /sim/client did not answer (${(error as Error).message})`,
    ]);
  }
  if (!sim.clientId || !sim.clientSecret || !sim.tokenUrl || !sim.audience)
    throw new ConfigError([`TESLA_SIMULATOR_URL ${url}: /sim/client does not describe an OAuth app`]);
  const endpoints: TeslaRegionEndpoint[] = [];
  for (const region of regions) {
    const fleetApiBaseUrl = sim.regions?.[region];
    if (fleetApiBaseUrl)
      endpoints.push({ region, fleetApiBaseUrl, tokenUrl: sim.tokenUrls?.[region] ?? sim.tokenUrl });
  }
  return {
    oauth: client({
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
    }),
    regions: endpoints,
  };
}
