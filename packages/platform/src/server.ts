import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyPlugin from 'fastify-plugin';
import type { Registry } from 'prom-client';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createEventBus, describeKafkaConnection, type EventBus } from '@cybertacotruck/bus';
import { Problem } from '@cybertacotruck/contracts';
import type { Database } from '@cybertacotruck/db';
import { createValidatorCompiler } from './ajv';
import { kafkaConnectionFrom, parseConfig, type BaseConfig, type Env } from './config';
import { RateLimitConfigSchema, registerRateLimits } from './rate-limit';
import { registerDrain } from './drain';
import { registerHealth } from './health';
import { registerMetrics } from './metrics';
import { serializeError } from './log-serializers';
import { registerProblemHandlers } from './problem-handler';
import { registerSecurity } from './security-headers';
import { registerRemoteSessions } from './remote-session';
import { createPeers, internalTokenFrom, registerInternalCaller, type Peers } from './peers';
import { buildSerializer } from './serializer';
import type { ServiceContext, ServiceDefinition } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    /** How this process's services call each other (see peers.ts); workers use it too. */
    peers: Peers;
    /** The event bus of this process (see @cybertacotruck/bus): Kafka or the PostgreSQL log. */
    bus: EventBus;
    /** This process's Prometheus registry, served at /metrics. */
    metrics: Registry;
    /**
     * Aborted when the process stops its work: by `RunningProcess.close` as it stops the workers
     * (after the drain), or as the server closes. Services hand its signal (`ctx.stopping`) to
     * long waits, so a Tesla Retry-After or a hung request does not hold the shutdown up.
     */
    stopWork: AbortController;
  }
}

export const API_PREFIX = '/api/v1';
export const APP_VERSION = '0.1.0';

export interface ServerOptions {
  config: BaseConfig;
  db: Database;
  services: ServiceDefinition[];
  /** The built web app to serve (embedded host only); client routes fall back to its index.html. */
  webRoot?: string;
  /** The process's name in logs and metrics, e.g. `embedded` or `inventory`. */
  processName: string;
  /** Where services read their own configuration keys (default: process.env). */
  env?: Env;
  /** Where log lines go (default stdout); tests capture them to prove secrets stay out. */
  logStream?: { write(line: string): void };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Paths in logs whose values are secrets. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  'req.headers["x-csrf-token"]',
  'req.headers["x-internal-token"]',
  '*.newPassword',
  '*.csrfToken',
  '*.sessionId',
];

/** OAuth codes, states and any token in a query string never reach the logs. */
const SECRET_QUERY = /([?&](?:code|state|token|access_token|refresh_token|code_verifier)=)[^&#]*/gi;
/** Path segments that are secrets: the token of a registration link. */
const SECRET_PATH = /(\/registration\/)[^/?#]+/gi;
export const redactUrl = (url: string): string =>
  url.replace(SECRET_QUERY, '$1[redacted]').replace(SECRET_PATH, '$1[redacted]');

/**
 * Builds (does not start) a server hosting the given services. Order matters and mirrors
 * fastify/demo: infrastructure first (errors, ids, metrics, docs), then health, then routes.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config, db, services } = options;
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: LOG_REDACT, censor: '[redacted]' },
      base: { process: options.processName },
      ...(options.logStream ? { stream: options.logStream } : {}),
      serializers: {
        // A failed statement's bound values (hashes, phones, e-mails) never reach the log.
        err: serializeError,
        req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
        }),
      },
    },
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    // Behind an AWS load balancer (60 s idle timeout) the server must outlive the balancer's keep-alive.
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Responses with nullable fields are written without running a validator per field (serializer.ts).
    schemaController: { compilersFactory: { buildSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  // The API speaks JSON only; a text body is a client mistake (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  registerProblemHandlers(app);
  // Headers, host allow-list and the production surface (security-headers.ts), before any route.
  await registerSecurity(app, {
    production: config.NODE_ENV === 'production',
    env: options.env ?? process.env,
  });
  // Brotli or gzip for every answer worth it (JSON, problem+json, HTML, metrics; not
  // text/event-stream, not under 1 KiB), on routes registered after this. The web app's files
  // are compressed once at build time and sent as they are (serveWebApp: preCompressed).
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'] });
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // Every API route answers errors as problem+json; say so in its schema (and so in OpenAPI).
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    route.schema ??= {};
    const response = (route.schema.response ??= {}) as Record<string, unknown>;
    response['4XX'] ??= Problem;
    response['5XX'] ??= Problem;
  });
  app.decorate('metrics', registerMetrics(app, { process: options.processName }));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cybertacotruck API',
        version: APP_VERSION,
        description: 'Rent out a fleet of Teslas. Errors are application/problem+json (RFC 9457).',
      },
      tags: [
        ...services.map((s) => ({ name: s.name, description: s.description })),
        { name: 'health', description: 'Liveness and readiness probes' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const env = options.env ?? process.env;
  const internalToken = internalTokenFrom(config.INTERNAL_TOKEN);
  registerInternalCaller(app, internalToken);
  const drain = registerDrain(app);
  const stopWork = new AbortController();
  app.decorate('stopWork', stopWork);
  app.addHook('preClose', (done) => {
    stopWork.abort();
    done();
  });

  registerHealth(
    app,
    db,
    services.map((s) => s.migrations),
    () => drain.draining,
  );
  const peers = createPeers({
    app,
    mounted: new Set(services.map((s) => s.name)),
    env,
    token: internalToken,
  });
  app.decorate('peers', peers);
  const kafka = kafkaConnectionFrom(config, `cybertacotruck-${options.processName}`);
  if (kafka) app.log.info({ kafka: describeKafkaConnection(kafka) }, 'event bus: Kafka');
  const bus = createEventBus({
    db: db.kysely,
    logger: app.log.child({ component: 'bus' }),
    kafka,
    kafkaSessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    clientId: `cybertacotruck-${options.processName}`,
    pollMs: config.BUS_POLL_MS,
    maxAttempts: config.BUS_MAX_ATTEMPTS,
    retryBaseMs: config.BUS_RETRY_BASE_MS,
  });
  app.decorate('bus', bus);
  app.addHook('onClose', () => bus.close());
  // Before any service subscribes or relays: the declared topics exist, or start-up fails naming
  // the missing ones (KAFKA_TOPICS_AUTO_CREATE=false, production).
  await bus.prepare();
  const ctx: ServiceContext = {
    db,
    config,
    env,
    logger: app.log,
    peers,
    bus,
    metrics: app.metrics,
    stopping: stopWork.signal,
  };
  app.decorateRequest('principal', null);
  // Without the account service here (distributed topology), sessions are resolved by asking it.
  // On the root before any service's plugin, so a service's own guard hooks see the principal.
  if (!services.some((s) => s.name === 'account')) registerRemoteSessions(app, { peers });
  for (const service of services) {
    if (service.processPlugin) await app.register(fastifyPlugin(service.processPlugin), { ctx });
  }
  // After the session hooks (the limits are per user too), before the routes they apply to.
  await registerRateLimits(app, parseConfig(RateLimitConfigSchema, env));
  for (const service of services) {
    await app.register(service.routes, { prefix: API_PREFIX, ctx });
  }

  if (options.webRoot) await serveWebApp(app, options.webRoot);
  return app;
}

async function serveWebApp(app: FastifyInstance, root: string): Promise<void> {
  const index = join(root, 'index.html');
  if (!existsSync(index))
    throw new Error(`The web app is not built: ${index} is missing (run npm run build).`);
  // `preCompressed`: the build wrote .br and .gz beside each text file (apps/web/vite.config.ts);
  // the one the browser accepts is sent with Content-Encoding and Vary, else the plain file.
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false,
    preCompressed: true,
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    // Hashed assets are immutable; the shell and the service worker must always be revalidated.
    if (request.url.startsWith('/assets/'))
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
    else if (!request.url.startsWith('/api/')) void reply.header('cache-control', 'no-cache');
    done(null, payload);
  });
  // Client-side routes: any GET for a page that is not API, health or metrics gets the app shell.
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (/^\/(api|health|metrics)(\/|$)/.test(path)) {
      reply.callNotFound();
      return reply;
    }
    const isAsset = /\.[a-z0-9]+$/i.test(path);
    if (isAsset) return reply.sendFile(path.slice(1));
    return reply.type('text/html').sendFile('index.html');
  });
}
