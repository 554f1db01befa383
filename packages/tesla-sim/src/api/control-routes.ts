import type { FastifyInstance } from 'fastify';
import { REGIONS, type SimContext } from '../context';
import type { SimControl } from '../control';
import type { FaultKind } from '../faults';

const FAULT_KINDS: readonly FaultKind[] = [
  'asleep',
  'rate_limit',
  'server_error',
  'expired_token',
  'revoked',
  'wrong_region',
  'offline',
];

type Body = Record<string, unknown>;
const body = (b: unknown): Body => (typeof b === 'object' && b !== null ? (b as Body) : {});
const optionalNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * The sim's own control API at /sim, for scenarios driven from another process (the standalone
 * runner, browser journeys). Not part of Tesla's API: unauthenticated, never billed.
 */
export async function controlRoutes(
  app: FastifyInstance,
  { ctx, control }: { ctx: SimContext; control: SimControl },
): Promise<void> {
  // The one registered app, for a client that finds the simulator by its URL alone (the
  // distributed inventory service, given TESLA_SIMULATOR_URL): what Tesla's developer portal shows.
  app.get('/sim/client', async () => ({
    clientId: ctx.tokens.client.clientId,
    clientSecret: ctx.tokens.client.clientSecret,
    authorizeUrl: `${ctx.urls.issuer()}/authorize`,
    tokenUrl: `${ctx.urls.issuer()}/token`,
    audience: ctx.urls.region('na'),
    regions: Object.fromEntries(REGIONS.map((r) => [r, ctx.urls.region(r)])),
    tokenUrls: Object.fromEntries(REGIONS.map((r) => [r, ctx.urls.tokenUrl(r)])),
    proxyUrl: ctx.urls.proxy(),
    pairingBaseUrl: ctx.urls.pairing(),
  }));

  // The seeded owners and their passwords (a simulator's, published in its README): scripts and
  // tests sign in with them; people pick one on the sign-in page.
  app.get('/sim/accounts', async () => ({
    items: ctx.world.accounts.map((a) => ({
      email: a.email,
      password: a.password,
      name: a.name,
      region: a.region,
      vehicles: ctx.world.vehiclesOf(a.email).length,
    })),
  }));

  app.get<{ Querystring: { email?: string } }>('/sim/state', async (request) => ({
    now: ctx.clock.now().toISOString(),
    vehicles: control.vehicles(request.query.email),
    billing: ctx.billing.snapshot(),
    wakesCaused: ctx.counters.wakesCaused,
  }));

  app.post('/sim/clock/advance', async (request, reply) => {
    const ms = body(request.body).ms;
    if (typeof ms !== 'number' || !(ms >= 0))
      return reply.code(400).send({ error: 'body must be {"ms": >= 0}' });
    control.advance(ms);
    return { now: ctx.clock.now().toISOString() };
  });

  app.post('/sim/faults', async (request, reply) => {
    const b = body(request.body);
    const kind = FAULT_KINDS.find((k) => k === b.kind);
    if (!kind) return reply.code(400).send({ error: `kind must be one of ${FAULT_KINDS.join(', ')}` });
    control.injectFault({
      kind,
      vin: typeof b.vin === 'string' ? b.vin : undefined,
      times: optionalNumber(b.times),
      retryAfterSeconds: optionalNumber(b.retryAfterSeconds),
      status: optionalNumber(b.status),
    });
    return reply.code(204).send();
  });

  app.delete('/sim/faults', async (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });

  // Someone accepts a driver invitation in the Tesla app (the share link, or its code).
  app.post('/sim/invitations/accept', async (request, reply) => {
    const b = body(request.body);
    const link = typeof b.shareLink === 'string' ? b.shareLink : typeof b.code === 'string' ? b.code : '';
    if (!link)
      return reply
        .code(400)
        .send({ error: 'body must be {"shareLink": "https://www.tesla.com/_rs/1/…", "name"?: "…"}' });
    const outcome = control.acceptInvitation(link, typeof b.name === 'string' ? b.name : undefined);
    if (outcome.ok) return { shareUserId: outcome.driver.shareUserId };
    return reply.code(outcome.reason === 'unknown' ? 404 : 409).send({ error: outcome.reason });
  });

  app.post('/sim/billing/reset', async (_request, reply) => {
    ctx.billing.reset();
    return reply.code(204).send();
  });

  app.post<{ Params: { vin: string; action: string } }>(
    '/sim/vehicles/:vin/:action',
    async (request, reply) => {
      const { vin, action } = request.params;
      if (!ctx.world.byTag(vin)) return reply.code(404).send({ error: `no vehicle ${vin}` });
      const b = body(request.body);
      switch (action) {
        case 'drive':
          control.drive(vin, optionalNumber(b.minutes) ?? 20);
          break;
        case 'park':
          control.park(vin);
          break;
        case 'plug_in':
          control.plugIn(vin);
          break;
        case 'streaming':
          control.setStreaming(vin, b.on !== false);
          break;
        case 'virtual_key':
          control.pairKey(vin, b.paired !== false);
          break;
        case 'firmware':
          if (typeof b.version !== 'string' || !/^\d{4}\.\d+/.test(b.version))
            return reply.code(400).send({ error: 'body must be {"version": "2024.26.1"}' });
          control.setFirmware(vin, b.version);
          break;
        case 'telemetry_configs':
          if (typeof b.others !== 'number' || !(b.others >= 0))
            return reply.code(400).send({ error: 'body must be {"others": >= 0}' });
          control.setOtherTelemetryConfigs(vin, b.others);
          break;
        case 'battery':
          if (typeof b.percent !== 'number' || !(b.percent >= 0 && b.percent <= 100))
            return reply.code(400).send({ error: 'body must be {"percent": 0-100}' });
          control.setBatteryLevel(vin, b.percent);
          break;
        case 'outside_temp':
          if (typeof b.celsius !== 'number' || !Number.isFinite(b.celsius))
            return reply.code(400).send({ error: 'body must be {"celsius": <number>}' });
          control.setOutsideTemp(vin, b.celsius);
          break;
        case 'telemetry_error':
          if (typeof b.error !== 'string' || b.error === '')
            return reply.code(400).send({ error: 'body must be {"error": "<what the car reports>"}' });
          control.reportTelemetryError(vin, b.error);
          break;
        default:
          return reply.code(404).send({
            error:
              'action must be drive, park, plug_in, streaming, virtual_key, firmware, telemetry_configs, battery, outside_temp or telemetry_error',
          });
      }
      return reply.code(204).send();
    },
  );
}
