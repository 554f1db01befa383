import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { authenticatePageRoutes } from './api/authenticate-page';
import { controlRoutes } from './api/control-routes';
import { v1Routes } from './api/v1-routes';
import type { SimContext } from './context';
import { StripeError } from './errors';
import { parseForm } from './params';

/**
 * Builds (does not start) the simulator's HTTP server: Stripe's API subset at /v1, the 3-D Secure
 * page at /redirect/authenticate, and (unless disabled) the control API at /sim.
 */
export async function createPaymentsSimApp(
  ctx: SimContext,
  options: { logger?: FastifyServerOptions['logger']; controlApi?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  // Stripe's v1 API takes form bodies with bracket notation (what the SDK sends).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    if (error instanceof StripeError) return reply.code(error.status).send({ error: error.body });
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'payments-sim handler failed');
    return reply.code(status).send({
      error: {
        type: status >= 500 ? 'api_error' : 'invalid_request_error',
        message: status >= 500 ? 'An unknown error occurred' : (error.message ?? 'invalid request'),
      },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${request.method}: ${request.url.split('?')[0] ?? ''}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      },
    }),
  );

  app.get('/', async () => ({
    name: 'payments-sim',
    api: `${ctx.baseUrl()}/v1`,
    api_version: ctx.apiVersion,
  }));
  await app.register(v1Routes, { prefix: '/v1', ctx });
  await app.register(authenticatePageRoutes, { ctx });
  if (options.controlApi !== false) await app.register(controlRoutes, { ctx });
  return app;
}
