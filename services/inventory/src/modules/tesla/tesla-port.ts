import { ProblemTypes } from '@cybertacotruck/contracts';
import { DomainError } from '@cybertacotruck/platform';
import type { InventoryConfig } from '../../config';
import { pemFromConfig, readPemFile } from './pem-files';

/** Where Tesla is for this process: its OAuth app and URLs, the Fleet API, the command proxy. */
export interface TeslaEndpoints {
  clientId: string;
  clientSecret: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  /** The Fleet API base URL asked for as the token audience (and asked for the account's region). */
  audience: string;
  scopes: string[];
  /** Fixed in production (registered with Tesla); derived from the request's origin otherwise. */
  redirectUri: string | undefined;
  /** The signing proxy every command goes through (tesla-http-proxy). */
  proxyUrl: string | undefined;
  /** The proxy's own TLS certificate (or its CA), trusted for calls to `proxyUrl`. */
  proxyCa: string | undefined;
  /**
   * A simulator's region hosts accept unsigned commands: without a proxy, a connection's own
   * Fleet API host stands in for it. Tesla's never does.
   */
  fleetHostSignsCommands: boolean;
  /**
   * Where paired cars are told to stream Fleet Telemetry, or null to rely on polling: the
   * operator's own fleet-telemetry server (TESLA_TELEMETRY_*); a simulator takes any target and
   * streams through the telemetry source the host wired (in-process or Kafka).
   */
  streamingTarget: StreamingTarget | null;
  /**
   * The virtual-key pairing page the owner opens on the phone in the car: `<this>/<domain>`.
   * https://tesla.com/_ak for Tesla; a simulator serves a stand-in.
   */
  pairingBaseUrl: string;
  /**
   * The address this process calls for a Fleet API URL Tesla gave (the audience, a region's host).
   * The identity, except for a simulator advertising a public URL (its sign-in page, for browsers)
   * that this process reaches at another (TESLA_SIMULATOR_URL inside a cluster).
   */
  reach: (url: string) => string;
}

/** A fleet-telemetry server as a car's configuration names it (`exp` is set when it is sent). */
export interface StreamingTarget {
  hostname: string;
  port: number;
  /** PEM of the CA that signed the server's certificate; unset = a publicly trusted certificate. */
  ca?: string;
}

export const TESLA_PAIRING_BASE_URL = 'https://tesla.com/_ak';

const identity = (url: string): string => url;

/**
 * Tesla as inventory sees it, chosen by the composition root: Tesla's Fleet API (TESLA_CLIENT_ID…)
 * or a simulator (in the embedded process, or its own process at TESLA_SIMULATOR_URL). Inventory
 * never starts or imports a simulator; it only learns where one is.
 */
export interface TeslaPort {
  /** 'simulator' lets the operator's screen say the fleet is simulated. */
  readonly mode: 'tesla' | 'simulator';
  /**
   * The endpoints, once known. A simulator in another process is asked when first needed and
   * again after a failure (it may start after inventory); a failure is a 503 tesla-unavailable.
   */
  endpoints(): Promise<TeslaEndpoints>;
}

/** A 503 problem: Tesla (or the simulator standing in) cannot be reached or is not configured. */
export class TeslaUnavailableError extends DomainError {
  constructor(detail: string) {
    super(ProblemTypes.teslaUnavailable, 503, 'Tesla unavailable', detail);
  }
}

export const scopesOf = (config: Pick<InventoryConfig, 'TESLA_SCOPES'>): string[] =>
  config.TESLA_SCOPES.split(/\s+/).filter(Boolean);

/** Tesla's Fleet API, as TESLA_CLIENT_ID, TESLA_CLIENT_SECRET and the other TESLA_* keys say. */
export function teslaFleetApi(config: InventoryConfig): TeslaPort {
  const clientId = config.TESLA_CLIENT_ID;
  if (!clientId) throw new Error('teslaFleetApi needs TESLA_CLIENT_ID');
  const endpoints: TeslaEndpoints = {
    clientId,
    clientSecret: config.TESLA_CLIENT_SECRET,
    authorizeUrl: config.TESLA_AUTHORIZE_URL,
    tokenUrl: config.TESLA_TOKEN_URL,
    audience: config.TESLA_AUDIENCE,
    scopes: scopesOf(config),
    redirectUri: config.TESLA_REDIRECT_URI,
    proxyUrl: config.TESLA_PROXY_URL,
    proxyCa: config.TESLA_PROXY_CA_FILE
      ? readPemFile('TESLA_PROXY_CA_FILE', config.TESLA_PROXY_CA_FILE, 'CERTIFICATE')
      : undefined,
    fleetHostSignsCommands: false,
    streamingTarget: streamingTargetOf(config),
    pairingBaseUrl: TESLA_PAIRING_BASE_URL,
    reach: identity,
  };
  return { mode: 'tesla', endpoints: () => Promise.resolve(endpoints) };
}

/** The operator's fleet-telemetry server from TESLA_TELEMETRY_*, or null when none is configured. */
export function streamingTargetOf(config: InventoryConfig): StreamingTarget | null {
  if (!config.TESLA_TELEMETRY_HOSTNAME) return null;
  const ca = pemFromConfig(
    { text: 'TESLA_TELEMETRY_CA', file: 'TESLA_TELEMETRY_CA_FILE' },
    { text: config.TESLA_TELEMETRY_CA, file: config.TESLA_TELEMETRY_CA_FILE },
    'CERTIFICATE',
  );
  return {
    hostname: config.TESLA_TELEMETRY_HOSTNAME,
    port: config.TESLA_TELEMETRY_PORT,
    ...(ca ? { ca } : {}),
  };
}

/** What a simulator tells about its one registered app (its `GET /sim/client`, or its object). */
export interface SimulatorApp {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  audience: string;
  /** Its stand-in for tesla-http-proxy (older simulators have none: their hosts sign). */
  proxyUrl?: string;
  /** Its stand-in for https://tesla.com/_ak. */
  pairingBaseUrl?: string;
}

/**
 * The endpoints of a simulator whose app is known. The TESLA_* keys that still apply are read.
 * `reach` maps the URLs it advertises to the address this process uses (identity by default).
 */
export function simulatorEndpoints(
  app: SimulatorApp,
  config: InventoryConfig,
  reach: (url: string) => string = identity,
): TeslaEndpoints {
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    authorizeUrl: app.authorizeUrl,
    tokenUrl: reach(app.tokenUrl),
    audience: app.audience,
    scopes: scopesOf(config),
    redirectUri: config.TESLA_REDIRECT_URI,
    proxyUrl: config.TESLA_PROXY_URL ?? (app.proxyUrl ? reach(app.proxyUrl) : undefined),
    proxyCa: undefined,
    fleetHostSignsCommands: true,
    // The simulator does not check the target: any name stands for "stream to us" (a configured
    // server is named all the same, so the configuration sent is the one Tesla would get).
    streamingTarget: streamingTargetOf(config) ?? {
      hostname: 'telemetry.cybertacotruck.local',
      port: 4443,
      ca: '-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n',
    },
    // Opened in the operator's browser: as the simulator advertises it.
    pairingBaseUrl: app.pairingBaseUrl ?? TESLA_PAIRING_BASE_URL,
    reach,
  };
}

/** A simulator whose app the host already knows (the embedded process started it). */
export function simulatedTesla(app: SimulatorApp, config: InventoryConfig): TeslaPort {
  const endpoints = simulatorEndpoints(app, config);
  return { mode: 'simulator', endpoints: () => Promise.resolve(endpoints) };
}

/**
 * No Tesla at all: for hosts and tests that do not use it (the calendar, reservations). Every
 * Tesla call is a 503 problem; the vehicles already in the fleet are served as usual.
 */
export const noTesla: TeslaPort = {
  mode: 'tesla',
  endpoints: () =>
    Promise.reject(
      new TeslaUnavailableError(
        'No Tesla is configured in this process (TESLA_CLIENT_ID, or a simulator with TESLA_SIMULATOR_URL).',
      ),
    ),
};
