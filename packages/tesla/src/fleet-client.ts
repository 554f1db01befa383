import { TeslaApiError } from './errors';
import {
  isObj,
  parseFleetStatus,
  parseFleetVehicle,
  parseSkippedVehicles,
  parseTelemetryErrors,
  parseVehicleData,
  type FleetStatus,
  type FleetTelemetryConfig,
  type FleetTelemetryConfigResult,
  type FleetTelemetryConfigStatus,
  type FleetTelemetryError,
  type FleetVehicle,
  type VehicleData,
} from './fleet-types';
import { FleetTransport, str, trimSlash, type FleetTransportOptions } from './fleet-transport';
import { parseTeslaRegion, type TeslaRegion } from './regions';

/** Every section, including location (which Tesla sends only when asked for). */
export const DEFAULT_ENDPOINTS: readonly string[] = [
  'charge_state',
  'drive_state',
  'location_data',
  'vehicle_state',
  'climate_state',
  'closures_state',
  'vehicle_config',
  'gui_settings',
];

export interface FleetApiClientOptions extends FleetTransportOptions {
  /**
   * How to reach the signing proxy when it differs from `fetch`: tesla-http-proxy serves TLS with
   * its own certificate, so the caller passes a fetch that trusts it (`fetchTrustingCa`).
   */
  proxyFetch?: typeof fetch;
}

export type VehicleDataResult =
  { status: 'ok'; data: VehicleData } | { status: 'unavailable'; reason: 'asleep' | 'offline' };

export interface CommandResult {
  result: boolean;
  reason: string;
}

/** A driver share invitation (Tesla's `invitations`): single-use link, valid 24 h, until revoked. */
export interface DriverInvitation {
  id: string;
  /** https://www.tesla.com/_rs/1/<code>: the invitee opens it in the Tesla app. */
  shareLink: string;
  /** `pending` until accepted, then `accepted`; `revoked` after a revoke. */
  state: string;
  expiresAt: string;
}

/** Someone the car is shared with (not the owner). */
export interface VehicleDriver {
  shareUserId: string;
  name?: string;
}

function parseInvitation(r: Record<string, unknown>): DriverInvitation {
  const raw = r.id;
  const id =
    typeof r.id_s === 'string'
      ? r.id_s
      : typeof raw === 'string' || typeof raw === 'number'
        ? String(raw)
        : '';
  return {
    id,
    shareLink: str(r.share_link),
    state: str(r.state) || 'pending',
    expiresAt: str(r.expires_at),
  };
}

function parseDriver(r: Record<string, unknown>): VehicleDriver {
  const id =
    typeof r.user_id_s === 'string'
      ? r.user_id_s
      : typeof r.share_user_id === 'string' || typeof r.share_user_id === 'number'
        ? String(r.share_user_id)
        : String((r.user_id as string | number | undefined) ?? '');
  const name = [str(r.driver_first_name), str(r.driver_last_name)].filter(Boolean).join(' ');
  return { shareUserId: id, ...(name ? { name } : {}) };
}

const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/i;
const vinOf = (tag: string | number) => (VIN_PATTERN.test(String(tag)) ? String(tag).toUpperCase() : null);
const enc = (tag: string | number) => encodeURIComponent(String(tag));

/**
 * One owner connection's Fleet API client: typed endpoints over `FleetTransport`, which owns
 * refresh-on-401, region switching, 429/5xx retries and metering.
 */
export class FleetApiClient {
  private readonly http: FleetTransport;

  constructor({ proxyFetch, ...o }: FleetApiClientOptions) {
    const proxyOrigin = o.proxyUrl === undefined ? undefined : trimSlash(o.proxyUrl);
    const direct = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.http = new FleetTransport(
      proxyFetch && proxyOrigin
        ? {
            ...o,
            fetch: (input, init) =>
              String(input instanceof Request ? input.url : input).startsWith(`${proxyOrigin}/`)
                ? proxyFetch(input, init)
                : direct(input, init),
          }
        : o,
    );
  }

  /** The regional host currently in use (it moves after a 421). */
  get currentBaseUrl(): string {
    return this.http.currentBaseUrl;
  }

  async userRegion(): Promise<{ region: TeslaRegion; fleetApiBaseUrl: string }> {
    const { response } = await this.http.request({
      method: 'GET',
      path: '/api/1/users/region',
      regionLookup: true,
      billing: null,
      vin: null,
    });
    const r = isObj(response) ? response : {};
    const region = parseTeslaRegion(r.region);
    if (region === null || typeof r.fleet_api_base_url !== 'string') {
      throw new TeslaApiError(200, 'invalid_response', 'users/region returned no region', false);
    }
    return { region, fleetApiBaseUrl: trimSlash(r.fleet_api_base_url) };
  }

  /** Lists the account's vehicles. Does not wake them. */
  async listVehicles(
    o: { page?: number; perPage?: number } = {},
  ): Promise<{ vehicles: FleetVehicle[]; count: number }> {
    const q = new URLSearchParams();
    if (o.page !== undefined) q.set('page', String(o.page));
    if (o.perPage !== undefined) q.set('per_page', String(o.perPage));
    const query = q.size > 0 ? `?${q.toString()}` : '';
    const { body, response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles${query}`,
      billing: 'data',
      vin: null,
    });
    const vehicles = Array.isArray(response) ? response.filter(isObj).map(parseFleetVehicle) : [];
    return { vehicles, count: typeof body.count === 'number' ? body.count : vehicles.length };
  }

  /** One vehicle with its online/asleep/offline state. Does not wake it. */
  async getVehicle(tag: string | number): Promise<FleetVehicle> {
    const { response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles/${enc(tag)}`,
      billing: 'data',
      vin: vinOf(tag),
    });
    return parseFleetVehicle(isObj(response) ? response : {});
  }

  /** Live data; an asleep or offline car is a result, not an error, and is never retried. */
  async vehicleData(
    tag: string | number,
    endpoints: readonly string[] = DEFAULT_ENDPOINTS,
  ): Promise<VehicleDataResult> {
    // `;` stays literal, as Tesla documents the parameter.
    const list = endpoints.map(encodeURIComponent).join(';');
    const { status, body, response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles/${enc(tag)}/vehicle_data?endpoints=${list}`,
      billing: 'data',
      vin: vinOf(tag),
      accept408: true,
    });
    if (status === 408) {
      const text = `${str(body.error)} ${str(body.error_description)}`.toLowerCase();
      // Tesla's usual text ("vehicle is offline or asleep") names both; asleep is by far the common
      // case. `getVehicle` (which does not wake the car) tells them apart when it matters.
      const offline = text.includes('offline') && !text.includes('asleep');
      return { status: 'unavailable', reason: offline ? 'offline' : 'asleep' };
    }
    return { status: 'ok', data: parseVehicleData(isObj(response) ? response : {}) };
  }

  /** Asks the car to wake (costs as much as 50 data calls); returns the state reported now. */
  async wakeUp(tag: string | number): Promise<string> {
    const { response } = await this.http.request({
      method: 'POST',
      path: `/api/1/vehicles/${enc(tag)}/wake_up`,
      billing: 'wake',
      vin: vinOf(tag),
    });
    return isObj(response) && typeof response.state === 'string' ? response.state : 'offline';
  }

  /**
   * Which VINs have the app's virtual key paired, and per car whether it needs the Vehicle
   * Command Protocol, its firmware and Fleet Telemetry version. One data call for all the VINs.
   */
  async fleetStatus(vins: readonly string[]): Promise<FleetStatus> {
    const { response } = await this.http.request({
      method: 'POST',
      path: '/api/1/vehicles/fleet_status',
      body: { vins },
      billing: 'data',
      vin: vins.length === 1 ? (vins[0] ?? null) : null,
    });
    return parseFleetStatus(isObj(response) ? response : {});
  }

  /** A signed command through the proxy. A refusal is `result: false`, not an exception. */
  async command(vin: string, name: string, body?: Record<string, unknown>): Promise<CommandResult> {
    const { response } = await this.http.request({
      method: 'POST',
      path: `/api/1/vehicles/${enc(vin)}/command/${enc(name)}`,
      body: body ?? {},
      via: 'proxy',
      billing: 'command',
      vin: vin.toUpperCase(),
    });
    const r = isObj(response) ? response : {};
    return { result: r.result === true, reason: typeof r.reason === 'string' ? r.reason : '' };
  }

  /** Invites a driver: Tesla answers a single-use share link valid 24 h. */
  async createInvitation(vin: string): Promise<DriverInvitation> {
    const { response } = await this.http.request({
      method: 'POST',
      path: `/api/1/vehicles/${enc(vin)}/invitations`,
      body: {},
      billing: 'data',
      vin: vin.toUpperCase(),
    });
    const invitation = parseInvitation(isObj(response) ? response : {});
    if (!invitation.id || !invitation.shareLink)
      throw new TeslaApiError(200, 'invalid_response', 'invitations returned no id or share_link', false);
    return invitation;
  }

  /** The car's invitations, pending, accepted and revoked. */
  async listInvitations(vin: string): Promise<DriverInvitation[]> {
    const { response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles/${enc(vin)}/invitations`,
      billing: 'data',
      vin: vin.toUpperCase(),
    });
    return Array.isArray(response) ? response.filter(isObj).map(parseInvitation) : [];
  }

  /** Revokes an invitation (pending: the link stops working; accepted: the driver loses access). */
  async revokeInvitation(vin: string, id: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: `/api/1/vehicles/${enc(vin)}/invitations/${enc(id)}/revoke`,
      body: {},
      billing: 'data',
      vin: vin.toUpperCase(),
    });
  }

  /** The car's drivers besides the owner (at most five). */
  async listDrivers(vin: string): Promise<VehicleDriver[]> {
    const { response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles/${enc(vin)}/drivers`,
      billing: 'data',
      vin: vin.toUpperCase(),
    });
    return Array.isArray(response) ? response.filter(isObj).map(parseDriver) : [];
  }

  /** Removes a driver's access to the car. */
  async removeDriver(vin: string, shareUserId: string): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: `/api/1/vehicles/${enc(vin)}/drivers?share_user_id=${encodeURIComponent(shareUserId)}`,
      billing: 'data',
      vin: vin.toUpperCase(),
    });
  }

  /** Whether the car has the configuration yet (`synced`), and whether the per-car config limit is reached. */
  async getFleetTelemetryConfig(tag: string | number): Promise<FleetTelemetryConfigStatus> {
    const { response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles/${enc(tag)}/fleet_telemetry_config`,
      billing: 'data',
      vin: vinOf(tag),
    });
    const r = isObj(response) ? response : {};
    return {
      synced: r.synced === true,
      config: isObj(r.config) ? r.config : null,
      ...(typeof r.key_paired === 'boolean' ? { keyPaired: r.key_paired } : {}),
      ...(typeof r.limit_reached === 'boolean' ? { limitReached: r.limit_reached } : {}),
    };
  }

  /**
   * Tells cars to stream to a fleet-telemetry server. Signed by the proxy (tesla-http-proxy signs
   * it with the app's private key), so it goes there; Tesla skips cars it cannot configure, each
   * with a reason (`missing_key`: the app's virtual key is not paired).
   */
  async createFleetTelemetryConfig(body: {
    vins: readonly string[];
    config: FleetTelemetryConfig;
  }): Promise<FleetTelemetryConfigResult> {
    const { response } = await this.http.request({
      method: 'POST',
      path: '/api/1/vehicles/fleet_telemetry_config',
      body,
      via: 'proxy',
      billing: 'data',
      vin: body.vins.length === 1 ? (body.vins[0] ?? null) : null,
    });
    const r = isObj(response) ? response : {};
    return {
      updatedVehicles: typeof r.updated_vehicles === 'number' ? r.updated_vehicles : 0,
      skippedVehicles: parseSkippedVehicles(r.skipped_vehicles),
    };
  }

  /** Stops a car streaming to this app's server. */
  async deleteFleetTelemetryConfig(tag: string | number): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: `/api/1/vehicles/${enc(tag)}/fleet_telemetry_config`,
      billing: 'data',
      vin: vinOf(tag),
    });
  }

  /** Errors the car reported about its telemetry connection (a wrong CA, an unreachable host). */
  async fleetTelemetryErrors(tag: string | number): Promise<FleetTelemetryError[]> {
    const { response } = await this.http.request({
      method: 'GET',
      path: `/api/1/vehicles/${enc(tag)}/fleet_telemetry_errors`,
      billing: 'data',
      vin: vinOf(tag),
    });
    return parseTelemetryErrors(response);
  }
}

/**
 * Whether Tesla refused an invitation because the car already has five drivers (the simulator
 * answers 400 `max_drivers_reached`; Tesla's exact wording is unpublished, so any 4xx naming
 * the driver limit counts).
 */
export function isMaxDriversError(error: unknown): boolean {
  if (!(error instanceof TeslaApiError) || error.status < 400 || error.status >= 500) return false;
  const text = `${error.error ?? ''} ${error.errorDescription ?? ''}`.toLowerCase();
  return /max(imum)?[_ ]?(number of )?drivers/.test(text) || text.includes('max_drivers');
}

/** The name the boundaries between tasks use for the Fleet API client. */
export { FleetApiClient as FleetClient };
