import {
  BaseConfigSchema,
  ConfigError,
  parseConfig,
  processConfigSchema,
  type BaseConfig,
  type Env,
  type ServiceDefinition,
} from '@cybertacotruck/platform';
import { InventoryConfigSchema, type InventoryConfig } from './config';

/**
 * Which Tesla a process talks to: Tesla's Fleet API, a simulator running as its own process (at
 * TESLA_SIMULATOR_URL), or one the host starts in its own process (only the embedded host can).
 */
export type TeslaChoice =
  { kind: 'tesla' } | { kind: 'simulator-url'; url: string } | { kind: 'simulator-here' };

const TESLA_KEYS = 'TESLA_CLIENT_ID (with TESLA_CLIENT_SECRET and TESLA_REDIRECT_URI) for Tesla’s Fleet API';

/**
 * The rules both hosts apply, from the validated configuration. `canStartSimulator`: the host can
 * run a simulator in its own process (apps/server); the inventory service alone never does.
 * Throws a ConfigError saying what to set.
 */
export function chooseTesla(
  config: Pick<BaseConfig, 'NODE_ENV'> &
    Pick<InventoryConfig, 'TESLA_CLIENT_ID' | 'TESLA_SIMULATOR' | 'TESLA_SIMULATOR_URL'>,
  host: { canStartSimulator: boolean },
): TeslaChoice {
  const production = config.NODE_ENV === 'production';
  if (config.TESLA_CLIENT_ID) {
    if (config.TESLA_SIMULATOR || config.TESLA_SIMULATOR_URL)
      throw new ConfigError([
        'TESLA_CLIENT_ID and a simulator (TESLA_SIMULATOR=true or TESLA_SIMULATOR_URL) are both set: set TESLA_CLIENT_ID for Tesla, or the simulator keys for a simulated Tesla, not both',
      ]);
    return { kind: 'tesla' };
  }
  if (config.TESLA_SIMULATOR_URL) {
    if (production && !config.TESLA_SIMULATOR)
      throw new ConfigError([
        `TESLA_SIMULATOR_URL is set in production without TESLA_SIMULATOR=true: a simulated Tesla in production must be asked for explicitly (or set ${TESLA_KEYS})`,
      ]);
    return { kind: 'simulator-url', url: config.TESLA_SIMULATOR_URL };
  }
  if (!host.canStartSimulator)
    throw new ConfigError([
      config.TESLA_SIMULATOR
        ? 'TESLA_SIMULATOR=true needs TESLA_SIMULATOR_URL: this service never starts a simulator, it uses one running as its own process (e.g. http://tesla-sim:4400)'
        : `no Tesla is configured: set ${TESLA_KEYS}, or TESLA_SIMULATOR_URL for a Tesla simulator running as its own process`,
    ]);
  if (production && !config.TESLA_SIMULATOR)
    throw new ConfigError([
      `NODE_ENV=production and no Tesla is configured: set ${TESLA_KEYS}, or TESLA_SIMULATOR=true to run the built-in Tesla simulator on purpose`,
    ]);
  return { kind: 'simulator-here' };
}

/**
 * A host's check before it starts: every key of the process first (so one start-up reports every
 * bad key), then the Tesla rules. Throws a ConfigError; returns the choice.
 */
export function checkTeslaConfig(
  services: ServiceDefinition[],
  env: Env,
  host: { canStartSimulator: boolean },
): TeslaChoice {
  parseConfig(processConfigSchema(services), env);
  const base = parseConfig(BaseConfigSchema, env);
  return chooseTesla({ ...base, ...parseConfig(InventoryConfigSchema, env) }, host);
}
