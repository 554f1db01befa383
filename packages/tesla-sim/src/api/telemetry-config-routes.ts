import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimContext } from '../context';
import type { SimVehicle } from '../fleet/vehicle-model';
import {
  FLEET_TELEMETRY_VERSION,
  MAX_TELEMETRY_CONFIGS,
  firmwareCanStream,
  firmwareOf,
  telemetrySkip,
  type TelemetrySkip,
} from '../fleet/virtual-keys';
import type { TelemetryConfig } from '../telemetry';
import { sendError } from './envelope';
import type { FleetRouteConfig } from './guard';

const DEVICE_DATA = ['vehicle_device_data'];
const fleet = (config: FleetRouteConfig): { config: { fleet: FleetRouteConfig } } => ({
  config: { fleet: config },
});

/**
 * Virtual keys and Fleet Telemetry configuration: `fleet_status`, `fleet_telemetry_config`
 * (create only through the proxy, which signs it; skipped cars each with Tesla's reason), its read
 * with `synced`, its removal, and `fleet_telemetry_errors`.
 */
export function telemetryConfigRoutes(app: FastifyInstance, ctx: SimContext, via: 'api' | 'proxy'): void {
  const accountVehicles = (request: FastifyRequest): Map<string, SimVehicle> =>
    new Map(ctx.world.vehiclesOf(request.fleet.account?.email ?? '').map((v) => [v.vin, v]));
  const vehicleOf = (request: FastifyRequest): SimVehicle => {
    const v = request.fleet.vehicle;
    if (!v) throw new Error('guard did not resolve the vehicle');
    return v;
  };

  app.post('/api/1/vehicles/fleet_status', fleet({ category: 'data' }), async (request, reply) => {
    const vins = isObject(request.body) ? request.body.vins : undefined;
    if (!Array.isArray(vins) || !vins.every((x) => typeof x === 'string'))
      return sendError(reply, 400, 'invalid_request', 'body must be {"vins": [..]}');
    const mine = accountVehicles(request);
    const known = vins.flatMap((vin) => {
      const v = mine.get(vin.toUpperCase());
      return v ? [{ vin, v }] : [];
    });
    return {
      response: {
        key_paired_vins: known.filter((k) => k.v.keyPaired).map((k) => k.vin),
        unpaired_vins: vins.filter((vin) => !mine.get(vin.toUpperCase())?.keyPaired),
        vehicle_info: Object.fromEntries(
          known.map(({ vin, v }) => [
            vin,
            {
              firmware_version: firmwareOf(v),
              vehicle_command_protocol_required: v.commandProtocolRequired,
              discounted_device_data: false,
              fleet_telemetry_version: firmwareCanStream(firmwareOf(v)) ? FLEET_TELEMETRY_VERSION : null,
              total_number_of_keys: v.keyPaired ? 5 : 4,
            },
          ]),
        ),
      },
    };
  });

  app.post(
    '/api/1/vehicles/fleet_telemetry_config',
    fleet({ category: 'data', scopes: DEVICE_DATA }),
    async (request, reply) => {
      // Tesla takes a configuration only signed with the app's key: tesla-http-proxy does that.
      // (Tesla's exact refusal of an unsigned one is not documented; a 400 stands in for it.)
      if (via === 'api')
        return sendError(
          reply,
          400,
          'invalid_request',
          'fleet_telemetry_config must be signed: send it through tesla-http-proxy (vehicle-command)',
        );
      const body = isObject(request.body) ? request.body : {};
      const config = parseTelemetryConfig(body.config);
      if (!Array.isArray(body.vins) || !config)
        return sendError(
          reply,
          400,
          'invalid_request',
          'body must be {"vins":[..],"config":{"hostname","port","ca","exp","fields":{..}}}',
        );
      const mine = accountVehicles(request);
      const skipped: Record<TelemetrySkip, string[]> = {
        missing_key: [],
        unsupported_firmware: [],
        max_configs: [],
      };
      let updated = 0;
      for (const vin of body.vins) {
        const v = typeof vin === 'string' ? mine.get(vin.toUpperCase()) : undefined;
        const skip = v ? telemetrySkip(v, ctx.telemetry.isStreaming(v.vin)) : 'missing_key';
        if (!v || skip) {
          skipped[skip ?? 'missing_key'].push(String(vin));
          continue;
        }
        ctx.telemetry.configure(v, config, ctx.world.nowMs());
        updated += 1;
      }
      return {
        response: {
          updated_vehicles: updated,
          skipped_vehicles: { ...skipped, unsupported_hardware: [] },
        },
      };
    },
  );

  app.get<{ Params: { tag: string } }>(
    '/api/1/vehicles/:tag/fleet_telemetry_config',
    fleet({ category: 'data', scopes: DEVICE_DATA }),
    async (request) => {
      const v = vehicleOf(request);
      const stream = ctx.telemetry.get(v.vin);
      return {
        response: {
          // Nothing configured: nothing waits to reach the car.
          synced: stream?.synced ?? true,
          config: stream?.config ?? null,
          limit_reached: v.otherTelemetryConfigs + (stream ? 1 : 0) >= MAX_TELEMETRY_CONFIGS,
          key_paired: v.keyPaired,
        },
      };
    },
  );

  app.delete<{ Params: { tag: string } }>(
    '/api/1/vehicles/:tag/fleet_telemetry_config',
    fleet({ category: 'data', scopes: DEVICE_DATA }),
    async (request) => {
      const removed = ctx.telemetry.remove(vehicleOf(request), ctx.world.nowMs());
      return { response: { updated_vehicles: removed ? 1 : 0 } };
    },
  );

  app.get<{ Params: { tag: string } }>(
    '/api/1/vehicles/:tag/fleet_telemetry_errors',
    fleet({ category: 'data', scopes: DEVICE_DATA }),
    async (request) => {
      const v = vehicleOf(request);
      return {
        response: {
          fleet_telemetry_errors: v.telemetryErrors.map((e) => ({
            name: e.name,
            error: e.error,
            vin: v.vin,
            created_at: new Date(e.atMs).toISOString(),
          })),
        },
      };
    },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTelemetryConfig(value: unknown): TelemetryConfig | null {
  if (!isObject(value) || typeof value.hostname !== 'string' || !isObject(value.fields)) return null;
  const fields: TelemetryConfig['fields'] = {};
  for (const [name, opts] of Object.entries(value.fields)) {
    const o = isObject(opts) ? opts : {};
    fields[name] = {
      interval_seconds: typeof o.interval_seconds === 'number' ? o.interval_seconds : undefined,
      minimum_delta: typeof o.minimum_delta === 'number' ? o.minimum_delta : undefined,
      resend_interval_seconds:
        typeof o.resend_interval_seconds === 'number' ? o.resend_interval_seconds : undefined,
    };
  }
  return {
    hostname: value.hostname,
    port: typeof value.port === 'number' ? value.port : undefined,
    ca: typeof value.ca === 'string' ? value.ca : undefined,
    exp: typeof value.exp === 'number' ? value.exp : undefined,
    fields,
    alert_types: Array.isArray(value.alert_types) ? value.alert_types.map(String) : undefined,
    prefer_typed: value.prefer_typed === true,
  };
}
