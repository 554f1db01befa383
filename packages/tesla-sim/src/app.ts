import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { controlRoutes } from './api/control-routes';
import { pairingPageRoutes } from './api/pairing-page';
import { fleetApiRoutes } from './api/routes';
import { sendError } from './api/envelope';
import { REGIONS, type SimContext } from './context';
import type { SimControl } from './control';
import { oauthRoutes } from './oauth/routes';

/**
 * Builds (does not start) the simulator's HTTP server: OAuth at /oauth2/v3, one Fleet API per
 * region at /fleet/<region>, and (given a control) the sim's own control API at /sim.
 */
export async function createTeslaSimApp(
  ctx: SimContext,
  options: { logger?: FastifyServerOptions['logger']; control?: SimControl } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  await app.register(formbody);
  // Tesla accepts POSTs with a JSON content type and no body (wake_up, most commands).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(Object.assign(new Error('body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'tesla-sim handler failed');
    return sendError(
      reply,
      status,
      status >= 500 ? 'internal server error' : 'invalid_request',
      status >= 500 ? '' : (error.message ?? ''),
    );
  });

  app.get('/', async () => ({
    name: 'tesla-sim',
    oauth: { authorize: `${ctx.urls.issuer()}/authorize`, token: `${ctx.urls.issuer()}/token` },
    regions: Object.fromEntries(REGIONS.map((r) => [r, ctx.urls.region(r)])),
  }));
  await app.register(oauthRoutes, { ctx });
  if (options.control) await app.register(controlRoutes, { ctx, control: options.control });
  for (const region of REGIONS)
    await app.register(fleetApiRoutes, { prefix: `/fleet/${region}`, ctx, region });
  // tesla-http-proxy's stand-in: signs and forwards to the account's region (`region` is unused there).
  await app.register(fleetApiRoutes, { prefix: '/proxy', ctx, region: 'na', via: 'proxy' });
  if (options.control) await app.register(pairingPageRoutes, { ctx, control: options.control });
  return app;
}
