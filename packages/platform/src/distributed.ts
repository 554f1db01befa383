import type { FastifyInstance } from 'fastify';
import { registerForwarding, type ForwardTo } from './forward';
import type { ServiceDefinition } from './service';

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
