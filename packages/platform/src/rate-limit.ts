import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import Type, { type Static } from 'typebox';
import { TooManyRequestsError } from './errors';

const perWindow = (fallback: number, what: string) =>
  Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    default: fallback,
    description: `${what} per RATE_LIMIT_WINDOW_SECONDS, 0-1000000 (0 = no limit)`,
  });

/**
 * Rate limits on the public and costly routes (part of the base configuration: every process
 * reads them). Defaults are a few times what a person at a browser does in a minute, far below
 * what a script does.
 */
export const RateLimitConfigSchema = Type.Object({
  RATE_LIMIT_ENABLED: Type.Boolean({
    default: true,
    description:
      'true or false: rate limits on public and costly routes (tests and benchmarks turn them off)',
  }),
  RATE_LIMIT_WINDOW_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    default: 60,
    description: 'the window every RATE_LIMIT_* count is over, in seconds, 1-86400',
  }),
  RATE_LIMIT_AUTH_PER_IP: perWindow(
    20,
    'sign-ins, registration link reads and registrations, reset and phone-change confirmations, password changes per client IP',
  ),
  RATE_LIMIT_SMS_PER_IP: perWindow(
    10,
    'requests that send an SMS (password reset, invitations, phone change) per client IP',
  ),
  RATE_LIMIT_SMS_PER_USER: perWindow(20, 'requests that send an SMS per signed-in user'),
  RATE_LIMIT_SEARCH_PER_IP: perWindow(120, 'availability searches per client IP'),
  RATE_LIMIT_SEARCH_PER_USER: perWindow(60, 'availability searches per signed-in user'),
  RATE_LIMIT_RESERVE_PER_IP: perWindow(30, 'new reservations per client IP'),
  RATE_LIMIT_RESERVE_PER_USER: perWindow(10, 'new reservations per signed-in user'),
  // Its own window (a minute, as its name says): a car's commands are counted per person and car.
  VEHICLE_COMMANDS_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 600,
    default: 10,
    description: 'commands one person may send to one car per minute, 1-600',
  }),
  REDIS_URL: Type.Optional(
    Type.String({
      pattern: '^rediss?://',
      secret: true,
      description:
        'redis:// or rediss:// URL of a Redis the replicas share rate-limit counts in (unset = counts in each process)',
    }),
  ),
});
export type RateLimitConfig = Static<typeof RateLimitConfigSchema>;

type Group = 'auth' | 'sms' | 'search' | 'reserve' | 'command';

/** The limited routes (method and route pattern) by group; every other route is not limited here. */
export const RATE_LIMITED_ROUTES: Record<Group, readonly string[]> = {
  auth: [
    'POST /api/v1/auth/sign-in',
    'GET /api/v1/registration/:token',
    'POST /api/v1/registration',
    'POST /api/v1/auth/password-reset/confirm',
    // A password guessed against the current one, and a phone change's code: the same budget.
    'POST /api/v1/me/password',
    'POST /api/v1/me/phone/confirm',
  ],
  sms: [
    'POST /api/v1/auth/password-reset',
    'POST /api/v1/invitations',
    'POST /api/v1/invitations/:id/resend',
    'POST /api/v1/me/phone',
  ],
  search: ['GET /api/v1/availability', 'GET /api/v1/availability/days'],
  reserve: ['POST /api/v1/reservations'],
  // Counted per user and per car (the route's parameter: a vehicle, or the rental that names one).
  command: ['POST /api/v1/vehicles/:id/commands', 'POST /api/v1/rentals/:reservationId/commands'],
};

/** Groups counted per route target (the route's parameters) as well as per client. */
const PER_TARGET: ReadonlySet<Group> = new Set<Group>(['command']);

const WHAT: Record<Group, string> = {
  auth: 'sign-in and registration attempts',
  sms: 'requests that send a text message',
  search: 'availability searches',
  reserve: 'new reservations',
  command: 'commands to this car',
};

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Per client IP and per signed-in user limits with @fastify/rate-limit, a fixed window each.
 * Counts live in Redis when REDIS_URL is set (every replica shares them), else in this process.
 * Over a limit: 429 problem+json `rate-limited` with Retry-After. Calls between services (internal
 * token) are not limited. Registered after the session hook, so the user is known.
 */
export async function registerRateLimits(app: FastifyInstance, config: RateLimitConfig): Promise<void> {
  if (!config.RATE_LIMIT_ENABLED) return;
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        // A Redis that is away must not hold requests up: counts are skipped until it is back.
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        enableOfflineQueue: false,
        lazyConnect: true,
      })
    : undefined;
  if (redis) {
    redis.on('error', (error: Error) => {
      app.log.warn({ err: error }, 'rate-limit Redis unavailable; requests are not counted meanwhile');
    });
    // Connected before the first request is counted (without an offline queue a command sent
    // while connecting fails, and is skipped); a Redis that is down now is retried in the background.
    await redis.connect().catch((error: unknown) => {
      app.log.warn(
        { err: error },
        'rate-limit Redis not reachable at start; requests are not counted until it is',
      );
    });
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => {
        redis.disconnect();
      });
    });
  }
  await app.register(fastifyRateLimit, {
    global: false,
    skipOnError: true,
    ...(redis ? { redis, nameSpace: 'cybertacotruck:rate-limit:' } : { cache: 10_000 }),
  });

  const windowSeconds = (group: Group) => (group === 'command' ? 60 : config.RATE_LIMIT_WINDOW_SECONDS);
  const limiter = (group: Group, scope: 'ip' | 'user', max: number): Limiter | undefined =>
    max > 0
      ? app.createRateLimit({
          max,
          timeWindow: windowSeconds(group) * 1000,
          // One count per group and client (and target, for per-target groups): the store's key is
          // this, whatever the route.
          keyGenerator: (request: FastifyRequest) =>
            `${group}:${scope}:${scope === 'ip' ? request.ip : (request.principal?.userId ?? '')}${
              PER_TARGET.has(group) ? `:${targetOf(request)}` : ''
            }`,
        })
      : undefined;
  const limits: Record<Group, { ip: Limiter | undefined; user: Limiter | undefined }> = {
    auth: { ip: limiter('auth', 'ip', config.RATE_LIMIT_AUTH_PER_IP), user: undefined },
    sms: {
      ip: limiter('sms', 'ip', config.RATE_LIMIT_SMS_PER_IP),
      user: limiter('sms', 'user', config.RATE_LIMIT_SMS_PER_USER),
    },
    search: {
      ip: limiter('search', 'ip', config.RATE_LIMIT_SEARCH_PER_IP),
      user: limiter('search', 'user', config.RATE_LIMIT_SEARCH_PER_USER),
    },
    reserve: {
      ip: limiter('reserve', 'ip', config.RATE_LIMIT_RESERVE_PER_IP),
      user: limiter('reserve', 'user', config.RATE_LIMIT_RESERVE_PER_USER),
    },
    command: { ip: undefined, user: limiter('command', 'user', config.VEHICLE_COMMANDS_PER_MINUTE) },
  };
  const groupOf = new Map<string, Group>();
  for (const [group, routes] of Object.entries(RATE_LIMITED_ROUTES) as Array<[Group, readonly string[]]>)
    for (const route of routes) groupOf.set(route, group);

  app.addHook('onRequest', async (request) => {
    const group = groupOf.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    if (!group || request.internalCaller) return;
    const { ip, user } = limits[group];
    for (const [limit, who] of [
      [ip, 'from this address'],
      [request.principal ? user : undefined, 'for your account'],
    ] as const) {
      if (!limit) continue;
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        const seconds = Math.max(1, result.ttlInSeconds);
        throw new TooManyRequestsError(
          `Too many ${WHAT[group]} ${who}: at most ${String(result.max)} in ${String(windowSeconds(group))} s. Try again in ${String(seconds)} s.`,
          seconds,
        );
      }
    }
  });
}

/** The route's parameters, in order (`:id` of a vehicle, `:reservationId` of a rental). */
function targetOf(request: FastifyRequest): string {
  const params = request.params;
  if (typeof params !== 'object' || params === null) return '';
  return Object.values(params as Record<string, unknown>)
    .map((v) => String(v))
    .join('/');
}
