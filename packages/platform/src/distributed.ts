import type { FastifyInstance } from 'fastify';
import { registerForwarding, type ForwardTo } from './forward';
import { registerRemoteSessions } from './remote-session';
import type { ServiceDefinition } from './service';

/**
 * Without the account service in this process, sessions are resolved by asking it
 * (remote-session.ts). The hook must run before every service's own hooks (a service may guard a
 * whole plugin with `addHook('onRequest', requireOperator)`), so it rides on the first service's
 * process plugin, which createServer registers on the root before any routes. With the account
 * service mounted (embedded), the services are returned as they are.
 */
export function withRemoteSessions(services: ServiceDefinition[]): ServiceDefinition[] {
  const [first, ...rest] = services;
  if (!first || services.some((s) => s.name === 'account')) return services;
  const own = first.processPlugin;
  return [
    {
      ...first,
      processPlugin: async (app, options) => {
        registerRemoteSessions(app, { peers: options.ctx.peers });
        if (own) await own.call(app, app, options);
      },
    },
    ...rest,
  ];
}

/**
 * With `forwardTo` (the BFF, i.e. inventory serving the web app), the route families of the
 * services this process does not mount are forwarded to them (forward.ts). Registered after
 * createServer: new routes, under the hooks already there.
 */
export async function registerDistributedParts(
  app: FastifyInstance,
  options: { services: ServiceDefinition[]; forwardTo?: ForwardTo | undefined },
): Promise<void> {
  if (!options.forwardTo) return;
  const mounted = new Set(options.services.map((s) => s.name));
  const forwarded = await registerForwarding(app, { forwardTo: options.forwardTo, mounted });
  if (forwarded.length) app.log.info({ forwarded }, 'forwarding the API of services in other processes');
}
