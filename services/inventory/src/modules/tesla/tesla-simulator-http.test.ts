import { describe, expect, it } from 'vitest';
import { parseConfig } from '@cybertacotruck/platform';
import { InventoryConfigSchema } from '../../config';
import { TeslaUnavailableError } from './tesla-port';
import { teslaSimulatorAt } from './tesla-simulator-http';

const config = parseConfig(InventoryConfigSchema, {});
const advertised = 'http://localhost:4400';
const app = {
  clientId: 'sim-client',
  clientSecret: 'ta-secret.sim',
  authorizeUrl: `${advertised}/oauth2/v3/authorize`,
  tokenUrl: `${advertised}/oauth2/v3/token`,
  audience: `${advertised}/fleet/na`,
};

/** A fetch answering from a queue of outcomes, recording the URLs asked. */
function fakeFetch(outcomes: Array<unknown>) {
  const asked: string[] = [];
  const fetch = (async (input: string | URL) => {
    asked.push(input.toString());
    const next = outcomes.shift();
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next), { headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

describe('a Tesla simulator reached over HTTP (TESLA_SIMULATOR_URL)', () => {
  it('configures itself from the simulator’s /sim/client, asking again after a failure', async () => {
    const { fetch, asked } = fakeFetch([new Error('ECONNREFUSED'), app]);
    const port = teslaSimulatorAt('http://tesla-sim:4400/', config, { fetch });
    expect(port.mode).toBe('simulator');
    await expect(port.endpoints()).rejects.toBeInstanceOf(TeslaUnavailableError);
    const endpoints = await port.endpoints();
    expect(asked).toEqual(['http://tesla-sim:4400/sim/client', 'http://tesla-sim:4400/sim/client']);
    expect(endpoints).toMatchObject({ clientId: 'sim-client', clientSecret: 'ta-secret.sim' });
    // Known now: not asked again.
    await port.endpoints();
    expect(asked).toHaveLength(2);
  });

  it('calls the token endpoint and Fleet API where it reaches the simulator; the browser gets the advertised page', async () => {
    const { fetch } = fakeFetch([app]);
    const e = await teslaSimulatorAt('http://tesla-sim:4400', config, { fetch }).endpoints();
    expect(e.authorizeUrl).toBe(`${advertised}/oauth2/v3/authorize`);
    expect(e.tokenUrl).toBe('http://tesla-sim:4400/oauth2/v3/token');
    expect(e.audience).toBe(`${advertised}/fleet/na`); // the audience the tokens are issued for
    expect(e.reach(`${advertised}/fleet/eu`)).toBe('http://tesla-sim:4400/fleet/eu');
    expect(e.reach('https://fleet-api.prd.na.vn.cloud.tesla.com')).toBe(
      'https://fleet-api.prd.na.vn.cloud.tesla.com',
    );
  });

  it('refuses an answer that does not describe an OAuth app', async () => {
    const { fetch } = fakeFetch([{ clientId: 'x' }]);
    await expect(teslaSimulatorAt('http://tesla-sim:4400', config, { fetch }).endpoints()).rejects.toThrow(
      /did not describe an OAuth app/,
    );
  });
});
