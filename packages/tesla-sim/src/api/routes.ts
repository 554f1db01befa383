import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context';
import { CHARGING_COMMANDS, executeCommand, isKnownCommand } from '../fleet/commands';
import { isOnline, touch, type Region, type SimVehicle } from '../fleet/vehicle-model';
import { VEHICLE_UNAVAILABLE, sendError } from './envelope';
import { guardFleetRequest, type FleetRequestState, type FleetRouteConfig } from './guard';
import { ALL_ENDPOINTS, vehicleData, vehicleSummary, type VehicleState } from './presenters';
import { sharingRoutes } from './sharing-routes';
import { telemetryConfigRoutes } from './telemetry-config-routes';

const WAKE_MIN_MS = 10_000;
const WAKE_SPREAD_MS = 20_000;
const DEVICE_DATA = ['vehicle_device_data'];

/** Tesla's answer to an unsigned command for a car that requires signed ones. */
export const PROTOCOL_REQUIRED =
  'Tesla Vehicle Command Protocol required, please refer to the documentation here: https://developer.tesla.com/docs/fleet-api#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning';

const fleet = (config: FleetRouteConfig): { config: { fleet: FleetRouteConfig } } => ({
  config: { fleet: config },
});

interface TagParams {
  tag: string;
}

/**
 * The Fleet API of one region, mounted at `/fleet/<region>`; and, with `via: 'proxy'`, the stand-in
 * for tesla-http-proxy in front of every region at `/proxy` (it signs what it forwards, so only
 * there are telemetry configurations accepted and commands reach a car's paired key). Billing
 * happens in onResponse.
 */
export async function fleetApiRoutes(
  app: FastifyInstance,
  { ctx, region, via = 'api' }: { ctx: SimContext; region: Region; via?: 'api' | 'proxy' },
): Promise<void> {
  // Declared up front (null, a primitive) so Fastify keeps one request shape; the guard sets it.
  app.decorateRequest('fleet', null as unknown as FleetRequestState);
  app.addHook('preHandler', async (request, reply) => {
    await guardFleetRequest(ctx, region, request, reply, via);
  });
  app.addHook('onResponse', async (request, reply) => {
    const config = request.routeOptions.config.fleet;
    // Every response under 500 is billed; 5xx is not (TESLA.md).
    if (!config || reply.statusCode >= 500) return;
    ctx.billing.record(config.category, 1, {
      vin: request.fleet.vehicle?.vin,
      account: request.fleet.account?.email,
    });
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'no such endpoint'));

  const stateOf = (v: SimVehicle, offline: boolean): VehicleState =>
    offline || ctx.faults.peek(['offline'], v.vin) ? 'offline' : isOnline(v) ? 'online' : 'asleep';
  const vehicleOf = (request: FastifyRequest): SimVehicle => {
    const v = request.fleet.vehicle;
    if (!v) throw new Error('guard did not resolve the vehicle');
    return v;
  };
  /** A car that cannot answer right now (asleep, waking, offline) gets 408. */
  const unavailable = (request: FastifyRequest, reply: FastifyReply): FastifyReply | null => {
    const v = vehicleOf(request);
    if (request.fleet.offline || !isOnline(v)) return sendError(reply, 408, VEHICLE_UNAVAILABLE);
    return null;
  };

  app.get('/api/1/users/region', fleet({ category: 'data', anyRegion: true }), async (request) => {
    const account = request.fleet.account;
    if (!account) throw new Error('guard did not resolve the account');
    return { response: { region: account.region, fleet_api_base_url: ctx.urls.region(account.region) } };
  });

  app.get('/api/1/users/me', fleet({ category: 'data', scopes: ['user_data'] }), async (request) => {
    const account = request.fleet.account;
    if (!account) throw new Error('guard did not resolve the account');
    return {
      response: {
        email: account.email,
        full_name: account.name,
        profile_image_url: null,
        vault_uuid: account.userId,
      },
    };
  });

  app.get('/api/1/vehicles', fleet({ category: 'data' }), async (request) => {
    const q = request.query as { page?: string; per_page?: string };
    const perPage = clamp(Number(q.per_page ?? 100) || 100, 1, 100);
    const page = Math.max(1, Number(q.page ?? 1) || 1);
    const all = ctx.world.vehiclesOf(request.fleet.account?.email ?? '');
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const slice = all.slice((page - 1) * perPage, page * perPage);
    return {
      response: slice.map((v) => vehicleSummary(v, stateOf(v, false))),
      pagination: {
        previous: page > 1 ? page - 1 : null,
        next: page < pages ? page + 1 : null,
        current: page,
        per_page: perPage,
        count: all.length,
        pages,
      },
      count: all.length,
    };
  });

  app.get<{ Params: TagParams }>('/api/1/vehicles/:tag', fleet({ category: 'data' }), async (request) => {
    const v = vehicleOf(request);
    return { response: vehicleSummary(v, stateOf(v, request.fleet.offline)) };
  });

  app.get<{ Params: TagParams; Querystring: { endpoints?: string } }>(
    '/api/1/vehicles/:tag/vehicle_data',
    fleet({ category: 'data', scopes: DEVICE_DATA }),
    async (request, reply) => {
      const refusal = unavailable(request, reply);
      if (refusal) return refusal;
      const v = vehicleOf(request);
      touch(v, ctx.world.nowMs());
      const asked = (request.query.endpoints ?? '')
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean);
      // With no endpoints Tesla returns every section except location.
      const endpoints = new Set<string>(
        asked.length ? asked : ALL_ENDPOINTS.filter((e) => e !== 'location_data'),
      );
      const canSeeLocation = request.fleet.scopes.includes('vehicle_location');
      return { response: vehicleData(v, 'online', endpoints, canSeeLocation) };
    },
  );

  app.post<{ Params: TagParams }>(
    '/api/1/vehicles/:tag/wake_up',
    fleet({ category: 'wake', scopes: ['vehicle_device_data', 'vehicle_cmds'] }),
    async (request) => {
      const v = vehicleOf(request);
      if (!request.fleet.offline && v.activity === 'asleep' && v.wakeAtMs === null) {
        v.wakeAtMs = ctx.world.nowMs() + WAKE_MIN_MS + Math.floor(ctx.random() * WAKE_SPREAD_MS);
        ctx.counters.wakesCaused += 1;
      }
      return { response: vehicleSummary(v, stateOf(v, request.fleet.offline)) };
    },
  );

  app.post<{ Params: TagParams & { name: string } }>(
    '/api/1/vehicles/:tag/command/:name',
    fleet({ category: 'command' }),
    async (request, reply) => {
      const { name } = request.params;
      const needed = CHARGING_COMMANDS.has(name)
        ? ['vehicle_cmds', 'vehicle_charging_cmds']
        : ['vehicle_cmds'];
      if (!needed.some((s) => request.fleet.scopes.includes(s)))
        return sendError(reply, 403, 'Unauthorized missing scopes', `requires one of: ${needed.join(', ')}`);
      if (!isKnownCommand(name)) return sendError(reply, 404, 'not_found', `unknown command ${name}`);
      // Straight to the Fleet API, a command is unsigned: a car that requires the Vehicle Command
      // Protocol (every car since 2021) takes it only through tesla-http-proxy, which signs it.
      if (via === 'api' && vehicleOf(request).commandProtocolRequired)
        return sendError(reply, 403, PROTOCOL_REQUIRED);
      const refusal = unavailable(request, reply);
      if (refusal) return refusal;
      const body = isObject(request.body) ? request.body : {};
      const v = vehicleOf(request);
      // The proxy signs with the app's key; a car without that key paired turns the command down.
      // (A car that predates the protocol takes the command unsigned: the proxy passes it on.)
      if (via === 'proxy' && !v.keyPaired && v.commandProtocolRequired)
        return {
          response: { result: false, reason: 'vehicle rejected request: key not paired (missing_key)' },
        };
      return { response: executeCommand(v, name, body, ctx.world.nowMs()) };
    },
  );

  telemetryConfigRoutes(app, ctx, via);
  sharingRoutes(app, ctx);

  // Partner registration is Tesla's, not the proxy's.
  if (via === 'proxy') return;
  app.post('/api/1/partner_accounts', fleet({ category: 'data', partner: true }), async (request, reply) => {
    const domain = isObject(request.body) ? request.body.domain : undefined;
    if (typeof domain !== 'string' || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain))
      return sendError(reply, 400, 'invalid_request', 'body must be {"domain": "<your domain>"}');
    ctx.partners.register(region, domain);
    return {
      response: {
        client_id: ctx.tokens.client.clientId,
        domain,
        name: 'Tesla Sim App',
        description: 'Registered with tesla-sim',
        public_key: ctx.partners.publicKey(domain),
        ca: null,
        created_at: new Date(ctx.world.nowMs()).toISOString(),
        updated_at: new Date(ctx.world.nowMs()).toISOString(),
        enterprise_tier: 'free',
        account_id: ctx.tokens.client.clientId,
        issuer: null,
        csr: null,
        csr_updated_at: null,
      },
    };
  });

  app.get<{ Querystring: { domain?: string } }>(
    '/api/1/partner_accounts/public_key',
    fleet({ category: 'data', partner: true }),
    async (request, reply) => {
      const domain = request.query.domain ?? '';
      if (!ctx.partners.isRegistered(region, domain))
        return sendError(reply, 412, 'Account must be registered in the current region', `domain ${domain}`);
      return { response: { public_key: ctx.partners.publicKey(domain) } };
    },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
