import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  INTERNAL_TOKEN_HEADER,
  type Problem,
  type ProblemType,
  ProblemTypes,
} from '@cybertacotruck/contracts';
import { DomainError, ForbiddenError } from './errors';
import type { ServiceName } from './service';

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the request carries this process's internal token: another service is calling. */
    internalCaller: boolean;
  }
}

export interface PeerCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path under /api/v1, e.g. `/vehicles/42/holds`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface PeerResponse<T> {
  status: number;
  body: T;
}

/**
 * How one service calls another's HTTP API: in the embedded process the call is injected into
 * the same server (routes, validation and serialisation all run; no socket); distributed, it is
 * an HTTP request to `<SERVICE>_URL`. Either way the caller proves itself with the internal
 * token, so internal routes stay closed to browsers.
 */
export interface Peers {
  call<T>(service: ServiceName, call: PeerCall): Promise<PeerResponse<T>>;
}

/** Another service answered with an error; carries its problem document. */
export class PeerError extends DomainError {
  constructor(
    readonly service: ServiceName,
    status: number,
    readonly problem: Problem | null,
  ) {
    const type =
      (problem?.type as ProblemType | undefined) ??
      (status >= 500 ? ProblemTypes.unavailable : ProblemTypes.internal);
    // A peer's 4xx is passed on as it is (e.g. 409 vehicle-unavailable); its 5xx is our 503.
    super(
      type,
      status >= 500 ? 503 : status,
      problem?.title ?? (status >= 500 ? 'Service unavailable' : 'Request refused'),
      status >= 500
        ? `The ${service} service is unavailable; try again shortly.`
        : (problem?.detail ?? `The ${service} service answered ${status}.`),
      problem?.errors,
    );
  }
}

/** The token in-process callers present: INTERNAL_TOKEN, or a random one no one outside knows. */
export const internalTokenFrom = (configured: string | undefined): string =>
  configured ?? randomBytes(32).toString('base64url');

export function registerInternalCaller(app: FastifyInstance, token: string): void {
  const expected = Buffer.from(token);
  app.decorateRequest('internalCaller', false);
  app.addHook('onRequest', (request, _reply, done) => {
    const sent = request.headers[INTERNAL_TOKEN_HEADER];
    if (typeof sent === 'string') {
      const given = Buffer.from(sent);
      request.internalCaller = given.length === expected.length && timingSafeEqual(given, expected);
    }
    done();
  });
}

/** An onRequest guard for routes only other services may call. */
export async function requireInternal(request: FastifyRequest): Promise<void> {
  if (!request.internalCaller)
    throw new ForbiddenError(
      `Only another service may call this (send the INTERNAL_TOKEN in ${INTERNAL_TOKEN_HEADER}).`,
    );
}

const ENV_KEY: Record<ServiceName, string> = {
  inventory: 'INVENTORY_URL',
  reservation: 'RESERVATION_URL',
  account: 'ACCOUNT_URL',
  notification: 'NOTIFICATION_URL',
};

const toQuery = (query: PeerCall['query']): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

const parse = (text: string): unknown => (text === '' ? null : JSON.parse(text));

export function createPeers(options: {
  app: FastifyInstance;
  mounted: ReadonlySet<ServiceName>;
  env: Record<string, string | undefined>;
  token: string;
  timeoutMs?: number;
}): Peers {
  const { app, mounted, env, token } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = (body: unknown): Record<string, string> => ({
    [INTERNAL_TOKEN_HEADER]: token,
    accept: 'application/json',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  });
  const settle = <T>(service: ServiceName, status: number, body: unknown): PeerResponse<T> => {
    if (status >= 400) throw new PeerError(service, status, (body as Problem | null) ?? null);
    return { status, body: body as T };
  };
  return {
    async call<T>(service: ServiceName, call: PeerCall): Promise<PeerResponse<T>> {
      const url = `/api/v1${call.path}${toQuery(call.query)}`;
      const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
      if (mounted.has(service)) {
        const response = await app.inject({
          method: call.method,
          url,
          headers: headers(call.body),
          ...(payload === undefined ? {} : { payload }),
        });
        return settle<T>(service, response.statusCode, parse(response.body));
      }
      const base = env[ENV_KEY[service]];
      if (!base) throw new PeerError(service, 503, null);
      let response: Response;
      try {
        response = await fetch(new URL(url, base), {
          method: call.method,
          headers: headers(call.body),
          ...(payload === undefined ? {} : { body: payload }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new PeerError(service, 503, null);
      }
      return settle<T>(service, response.status, parse(await response.text()));
    },
  };
}
