import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillingCategory } from '../billing';
import type { SimContext } from '../context';
import type { SimAccount } from '../fleet/seed';
import type { Region, SimVehicle } from '../fleet/vehicle-model';
import { sendError } from './envelope';

/** What a Fleet API route declares about itself. */
export interface FleetRouteConfig {
  category: BillingCategory;
  /** Any one of these scopes is enough; none listed = any valid user token. */
  scopes?: string[];
  /** users/region answers in every region: it is how a client finds its own. */
  anyRegion?: boolean;
  /** partner_accounts: partner (client_credentials) tokens only. */
  partner?: boolean;
}

/** What the guard learned about a request, for the handler and for billing. */
export interface FleetRequestState {
  account?: SimAccount;
  scopes: string[];
  vehicle?: SimVehicle;
  /** An `offline` fault matched: the car answers as unreachable. */
  offline: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    fleet?: FleetRouteConfig;
  }
  interface FastifyRequest {
    fleet: FleetRequestState;
  }
}

const OTHER_REGION: Record<Region, Region> = { na: 'eu', eu: 'na', cn: 'na' };

/**
 * Runs before every Fleet API handler, in the order Tesla's edge would: injected faults, bearer
 * token, account-level faults, region, vehicle ownership. Returns a reply when it answered.
 */
export async function guardFleetRequest(
  ctx: SimContext,
  region: Region,
  request: FastifyRequest,
  reply: FastifyReply,
  /** The signing proxy's stand-in: one address for every region (the proxy routes by account). */
  via: 'api' | 'proxy' = 'api',
): Promise<FastifyReply | undefined> {
  const config = request.routeOptions.config.fleet;
  request.fleet = { scopes: [], offline: false };
  if (!config) return undefined;
  ctx.world.sync();
  const tag = (request.params as { tag?: string }).tag;
  const target = tag ? ctx.world.byTag(tag) : undefined;

  const fault = ctx.faults.take(['server_error', 'rate_limit', 'expired_token'], target?.vin);
  if (fault?.kind === 'server_error')
    return sendError(reply, fault.status ?? 500, 'internal server error', 'injected server error');
  if (fault?.kind === 'rate_limit') {
    const retryAfter = String(fault.retryAfterSeconds ?? 60);
    return sendError(reply, fault.status ?? 429, 'Too Many Requests', 'rate limit exceeded', {
      'retry-after': retryAfter,
      'ratelimit-limit': '60',
      'ratelimit-remaining': '0',
      'ratelimit-reset': retryAfter,
    });
  }
  if (fault?.kind === 'expired_token') return unauthorized(reply, 'token expired (401)');

  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!bearer) return unauthorized(reply, 'missing bearer token');
  const check = await ctx.tokens.verifyAccess(bearer);
  if (!check.ok) return unauthorized(reply, check.reason);
  request.fleet.scopes = check.scopes;
  if (check.kind === 'partner') {
    // A partner token is good for the one region it was issued for (its audience).
    if (config.partner && !check.audiences.includes(ctx.urls.region(region)))
      return unauthorized(
        reply,
        `the partner token's audience is not ${ctx.urls.region(region)}: ask for a token with that audience`,
      );
    if (config.partner) return undefined;
    return sendError(reply, 403, 'Unauthorized', 'a partner token cannot access user data; use a user token');
  }
  if (config.partner)
    return sendError(reply, 403, 'Unauthorized', 'this endpoint needs a partner token (client_credentials)');
  const account = check.account;
  request.fleet.account = account;

  const accountFault = ctx.faults.take(['revoked', 'wrong_region'], target?.vin);
  if (accountFault?.kind === 'revoked') {
    ctx.tokens.revokeAccount(account.email);
    return unauthorized(reply, 'login_required: the owner revoked consent');
  }
  // An injected wrong_region moves the account to another region, as a migration would.
  if (accountFault?.kind === 'wrong_region') account.region = OTHER_REGION[account.region];
  if (!config.anyRegion && via === 'api' && region !== account.region) {
    const right = ctx.urls.region(account.region);
    return sendError(
      reply,
      421,
      `user out of region, use base URL: ${right}`,
      `this account belongs to region ${account.region}; use ${right}`,
      { 'alt-svc': `h2="${new URL(right).host}"; ma=86400` },
    );
  }
  if (
    ctx.partners.required &&
    !config.anyRegion &&
    !ctx.partners.hasAnyIn(via === 'proxy' ? account.region : region)
  )
    return sendError(
      reply,
      412,
      'Account must be registered in the current region',
      'POST /api/1/partner_accounts first',
    );
  if (config.scopes && !config.scopes.some((s) => check.scopes.includes(s)))
    return sendError(
      reply,
      403,
      'Unauthorized missing scopes',
      `requires one of: ${config.scopes.join(', ')}`,
    );

  if (tag) {
    if (!target || target.accountEmail !== account.email)
      return sendError(reply, 404, 'not_found', `vehicle ${tag} not found`);
    request.fleet.vehicle = target;
    request.fleet.offline = ctx.faults.take(['offline'], target.vin) !== undefined;
  }
  const rate = ctx.rateLimiter.take(target?.vin ?? account.email, config.category, ctx.world.nowMs());
  if (rate && !rate.ok)
    return sendError(reply, 429, 'Too Many Requests', `limit is ${rate.limit} per minute`, {
      'retry-after': String(rate.retryAfterSeconds),
      'ratelimit-limit': String(rate.limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(rate.retryAfterSeconds),
    });
  if (rate)
    void reply.headers({
      'ratelimit-limit': String(rate.limit),
      'ratelimit-remaining': String(rate.remaining),
      'ratelimit-reset': String(rate.resetSeconds),
    });
  return undefined;
}

function unauthorized(reply: FastifyReply, description: string): FastifyReply {
  return sendError(reply, 401, 'invalid_token', description, {
    'www-authenticate': `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"`,
  });
}
