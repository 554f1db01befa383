import type { InventoryConfig } from '../../config';
import {
  TeslaUnavailableError,
  simulatorEndpoints,
  type SimulatorApp,
  type TeslaEndpoints,
  type TeslaPort,
} from './tesla-port';

const ASK_TIMEOUT_MS = 5_000;

function isSimulatorApp(value: unknown): value is SimulatorApp {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['clientId', 'clientSecret', 'authorizeUrl', 'tokenUrl', 'audience'].every(
    (key) => typeof v[key] === 'string' && v[key] !== '',
  );
}

/**
 * A simulator may advertise a public URL (TESLA_SIM_PUBLIC_URL: its sign-in page must open in the
 * operator's browser) other than the one this process reaches it at. Its token endpoint and Fleet
 * API are then called at `base`; the sign-in page and the token audience stay as advertised.
 */
function rebase(app: SimulatorApp, base: string): (url: string) => string {
  const advertised = app.authorizeUrl.replace(/\/oauth2\/v3\/authorize$/, '');
  if (advertised === base) return (url) => url;
  return (url) => (url.startsWith(`${advertised}/`) ? `${base}${url.slice(advertised.length)}` : url);
}

/**
 * A simulator running as its own process (TESLA_SIMULATOR_URL), used as Tesla is, over HTTP. Its
 * OAuth app and URLs come from its `GET /sim/client`, asked when first needed: the simulator may
 * start after inventory, so a failure is not remembered and the next call asks again.
 */
export function teslaSimulatorAt(
  url: string,
  config: InventoryConfig,
  deps: { fetch?: typeof fetch } = {},
): TeslaPort {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const base = url.replace(/\/+$/, '');
  let known: Promise<TeslaEndpoints> | undefined;
  const ask = async (): Promise<TeslaEndpoints> => {
    let body: unknown;
    try {
      const response = await doFetch(`${base}/sim/client`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new TeslaUnavailableError(
        `The Tesla simulator at ${base} did not answer (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    if (!isSimulatorApp(body))
      throw new TeslaUnavailableError(
        `${base}/sim/client did not describe an OAuth app: is TESLA_SIMULATOR_URL a Tesla simulator?`,
      );
    return simulatorEndpoints(body, config, rebase(body, base));
  };
  return {
    mode: 'simulator',
    endpoints() {
      known ??= ask().catch((error: unknown) => {
        known = undefined;
        throw error;
      });
      return known;
    },
  };
}
