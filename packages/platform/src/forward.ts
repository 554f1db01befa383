import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyReplyFrom from '@fastify/reply-from';
import { INTERNAL_TOKEN_HEADER } from '@cybertacotruck/contracts';
import type { BaseConfig } from './config';
import { PeerError } from './peers';
import type { ServiceName } from './service';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the BFF's forwarding routes: the service that answers them (see remote-session.ts). */
    forwardedTo?: ServiceName;
  }
}

/**
 * Which service answers each public route family under /api/v1, by the path's first segment.
 * The one table the backend-for-frontend forwards by; e2e/distributed.e2e.ts fails when a service
 * answers a public route whose family is missing here or is listed for another service.
 * `/api/v1/internal/*` is between services only (peers.ts) and is never forwarded.
 */
export const ROUTE_OWNERS = {
  vehicles: 'inventory',
  fleet: 'inventory',
  availability: 'inventory',
  calendar: 'inventory',
  claims: 'inventory',
  holds: 'inventory',
  tesla: 'inventory',
  locations: 'inventory',
  rentals: 'inventory',
  geofences: 'inventory',
  live: 'inventory',
  insights: 'inventory',
  reservations: 'reservation',
  disputes: 'reservation',
  quotes: 'reservation',
  rates: 'reservation',
  terms: 'reservation',
  payments: 'reservation',
  auth: 'account',
  me: 'account',
  invitations: 'account',
  registration: 'account',
  customers: 'account',
  notifications: 'notification',
} as const satisfies Record<string, ServiceName>;

/**
 * The service whose route family `path` (a URL path, e.g. `/api/v1/quotes/x?y`) belongs to:
 * `internal` for service-to-service routes, undefined for a family no one owns.
 */
export function ownerOfPath(path: string): ServiceName | 'internal' | undefined {
  const match = /^\/api\/v1\/([^/?#]+)/.exec(path);
  const family = match?.[1];
  if (family === undefined) return undefined;
  if (family === 'internal') return 'internal';
  return Object.hasOwn(ROUTE_OWNERS, family) ? ROUTE_OWNERS[family as keyof typeof ROUTE_OWNERS] : undefined;
}

/** Where services that are not mounted in this process answer, e.g. `{ reservation: 'http://…' }`. */
export type ForwardTo = Partial<Record<ServiceName, string>>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Headers a browser sends that must not reach a service behind the BFF as they are. */
const DROPPED = [INTERNAL_TOKEN_HEADER, 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto'];

/**
 * The backend-for-frontend: registers, for every service in `forwardTo` that this process does not
 * mount, its route families (ROUTE_OWNERS) under /api/v1 and forwards each request to the
 * service's base URL with @fastify/reply-from. Bodies stream both ways (no parsing here); cookies,
 * Set-Cookie and every other end-to-end header pass through; the request id goes along as
 * `x-request-id`, the browser's host, protocol and address as `X-Forwarded-*` (and the Host header
 * is kept, so links a service builds from the request point at this origin). A service that does
 * not answer is a 503 problem+json. Sessions and CSRF are checked by the process that answers.
 */
export async function registerForwarding(
  app: FastifyInstance,
  options: { forwardTo: ForwardTo; mounted: ReadonlySet<ServiceName> },
): Promise<ServiceName[]> {
  const forwarded: ServiceName[] = [];
  for (const [service, base] of Object.entries(options.forwardTo) as Array<
    [ServiceName, string | undefined]
  >) {
    if (!base || options.mounted.has(service)) continue;
    const families = Object.entries(ROUTE_OWNERS)
      .filter(([, owner]) => owner === service)
      .map(([family]) => family);
    await app.register(async (scope) => {
      await scope.register(fastifyReplyFrom, {
        base,
        disableRequestLogging: true, // its line would carry the path, which may hold a secret
        undici: { connections: 64, headersTimeout: 30_000, bodyTimeout: 30_000 },
      });
      // Bodies are passed on as the bytes the browser sent, whatever their type.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => {
        done(null, payload);
      });
      const handler = (request: FastifyRequest, reply: FastifyReply) =>
        reply.from(undefined, {
          rewriteRequestHeaders: (incoming, headers) => forwardedHeaders(incoming, headers),
          onError: (failed, { error }) => {
            failed.request.log.warn({ service, err: error }, 'forwarding failed');
            failed.send(new PeerError(service, 503, null));
          },
        });
      for (const family of families) {
        for (const url of [`/api/v1/${family}`, `/api/v1/${family}/*`])
          scope.route({
            method: METHODS,
            url,
            schema: { hide: true },
            config: { forwardedTo: service },
            handler,
          });
      }
    });
    forwarded.push(service);
  }
  return forwarded;
}

function forwardedHeaders(
  request: Pick<FastifyRequest, 'headers' | 'protocol' | 'ip' | 'id'>,
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !DROPPED.includes(name)),
  );
  const host = request.headers.host;
  if (host) {
    out.host = host;
    out['x-forwarded-host'] = host;
  }
  out['x-forwarded-proto'] = request.protocol;
  out['x-forwarded-for'] = request.ip;
  out['x-request-id'] = request.id;
  return out;
}

/** The peers configured by URL (`INVENTORY_URL`, …): where the BFF forwards. */
export const peerUrlsOf = (config: BaseConfig): ForwardTo => ({
  inventory: config.INVENTORY_URL,
  reservation: config.RESERVATION_URL,
  account: config.ACCOUNT_URL,
  notification: config.NOTIFICATION_URL,
});
