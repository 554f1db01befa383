import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import Type, { type Static } from 'typebox';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { ConfigError, parseConfig, type Env } from './config';
import { DomainError, UnauthorizedError } from './errors';

/** The keys this file reads; every process reads them (see README "Security"). */
export const SecurityConfigSchema = Type.Object({
  STRIPE_PUBLISHABLE_KEY: Type.Optional(
    Type.String({
      pattern: '^pk_[A-Za-z0-9_]{8,}$',
      description:
        "Stripe's publishable key (pk_…); in the process that serves the web app it lets the CSP allow Stripe.js (js.stripe.com)",
    }),
  ),
  PUBLIC_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^https?://',
      description:
        'the address customers open the app at, e.g. https://rent.example.com (required in production)',
    }),
  ),
  ALLOWED_HOSTS: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9.:\\[\\]-]+(,[A-Za-z0-9.:\\[\\]-]+)*$',
      description:
        'comma-separated host names this server answers for in production, e.g. rent.example.com,www.rent.example.com (unset = the host of PUBLIC_URL)',
    }),
  ),
  OPS_TOKEN: Type.Optional(
    Type.String({
      minLength: 32,
      secret: true,
      description:
        'a secret of at least 32 characters that opens /metrics and /api/docs in production as "Authorization: Bearer <OPS_TOKEN>" (unset = both are not served in production)',
    }),
  ),
  CSP_IMG_SOURCES: Type.String({
    pattern: '^[^;,\\s]+( [^;,\\s]+)*$',
    default: 'https://tile.openstreetmap.org',
    description:
      'space-separated origins the web app may load images from besides itself: the map tiles (VITE_MAP_TILE_URL), e.g. https://tile.openstreetmap.org',
  }),
});
export type SecurityConfig = Static<typeof SecurityConfigSchema>;

/** Swagger UI builds its page with inline styles; it gets its own, otherwise as strict, policy. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** What only operators of the system (a Prometheus scraper, an engineer) may read in production. */
const OPS_PATH = /^\/(metrics|api\/docs)(\/|\?|$)/;
/** Probes and scrapers reach a pod by its address, not by the public host name. */
const ANY_HOST_PATH = /^\/(health|metrics)(\/|\?|$)/;

function allowedHostsOf(config: SecurityConfig): Set<string> {
  const hosts = config.ALLOWED_HOSTS
    ? config.ALLOWED_HOSTS.split(',')
    : config.PUBLIC_URL
      ? [new URL(config.PUBLIC_URL).hostname]
      : [];
  return new Set(hosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** Where Stripe.js and its card field's frames come from (Stripe's CSP guidance). */
const STRIPE_JS = 'https://js.stripe.com';

/** The Host header's name without its port (IPv6 literals keep their brackets). */
const hostnameOf = (request: FastifyRequest): string => request.hostname.replace(/:\d+$/, '').toLowerCase();

const bearerMatches = (request: FastifyRequest, token: string): boolean => {
  const sent = request.headers.authorization;
  if (typeof sent !== 'string' || !sent.startsWith('Bearer ')) return false;
  const given = Buffer.from(sent.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/**
 * Security headers and the production surface, registered on the root before any route:
 * - helmet: a Content-Security-Policy without 'unsafe-inline' scripts or styles (the built web app
 *   has none; Swagger UI gets DOCS_CSP), frame-ancestors 'none' + X-Frame-Options DENY, nosniff,
 *   Referrer-Policy no-referrer (registration links carry a token), HSTS in production only;
 * - production only: PUBLIC_URL required; requests for other host names refused (421) except
 *   probes, scrapers and other services (internal token); /metrics and /api/docs need OPS_TOKEN;
 *   source maps are not served.
 */
export async function registerSecurity(
  app: FastifyInstance,
  options: { production: boolean; env: Env },
): Promise<SecurityConfig> {
  const config = parseConfig(SecurityConfigSchema, options.env);
  const { production } = options;
  if (production && !config.PUBLIC_URL)
    throw new ConfigError([
      'PUBLIC_URL: got missing; expected the address customers open the app at, e.g. https://rent.example.com (required in production: links are never built from the Host header there, and it sets the default ALLOWED_HOSTS)',
    ]);

  // Real Stripe in the browser (a publishable key is configured): Stripe.js from js.stripe.com, its
  // card field and 3-D Secure frames, its API calls. Nothing of Stripe is allowed otherwise.
  const stripe = config.STRIPE_PUBLISHABLE_KEY !== undefined;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(stripe ? [STRIPE_JS] : [])],
        ...(stripe ? { frameSrc: [STRIPE_JS, 'https://hooks.stripe.com'] } : {}),
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...config.CSP_IMG_SOURCES.split(' ')],
        connectSrc: ["'self'", ...(stripe ? ['https://api.stripe.com'] : [])],
        fontSrc: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Map tiles come from another origin and send no CORP header.
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/docs')) void reply.header('content-security-policy', DOCS_CSP);
    done(null, payload);
  });

  if (!production) return config;

  const allowed = allowedHostsOf(config);
  app.addHook('onRequest', (request, reply, done) => {
    const path = request.url;
    if (OPS_PATH.test(path) && !(config.OPS_TOKEN && bearerMatches(request, config.OPS_TOKEN))) {
      // Without OPS_TOKEN they do not exist in production; with it, they want it.
      if (!config.OPS_TOKEN) {
        reply.callNotFound();
        return;
      }
      done(new UnauthorizedError('Send the OPS_TOKEN as "Authorization: Bearer <token>".'));
      return;
    }
    // Source maps give away the whole client source; production builds keep them for debugging only.
    if (!path.startsWith('/api/') && /\.map(\?|$)/.test(path)) {
      reply.callNotFound();
      return;
    }
    done();
  });
  // preParsing: after every onRequest hook, so the internal-caller check (peers.ts) has run.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (request.internalCaller || ANY_HOST_PATH.test(request.url) || allowed.has(hostnameOf(request))) {
      done(null, payload);
      return;
    }
    done(
      new DomainError(
        ProblemTypes.validation,
        421,
        'Misdirected request',
        'This server does not answer for that host name (see ALLOWED_HOSTS).',
      ),
    );
  });
  return config;
}
