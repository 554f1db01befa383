import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '@cybertacotruck/contracts';
import { ForbiddenError, UnauthorizedError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who sent the request, resolved from its session cookie by the account service's process-wide
     * hook (see services/account); null when anonymous or when no account service is mounted.
     */
    principal: Principal | null;
  }
}

/** The signed-in principal, or a 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

const requireRole =
  (role: Role | null) =>
  async (request: FastifyRequest): Promise<void> => {
    const principal = principalOf(request);
    if (role && principal.role !== role)
      throw new ForbiddenError(`Only ${role === 'operator' ? 'an operator' : 'a customer'} may do this.`);
  };

/**
 * preHandlers any service mounts on a route: `{ preHandler: requireOperator }`.
 * Anonymous → 401 problem+json; signed in with another role → 403.
 */
export const requireSignedIn = requireRole(null);
export const requireOperator = requireRole('operator');
export const requireCustomer = requireRole('customer');

/** An operator, or another service of the platform (internal token; see peers.ts). */
export async function requireOperatorOrInternal(request: FastifyRequest): Promise<void> {
  if (request.internalCaller) return;
  await requireOperator(request);
}
