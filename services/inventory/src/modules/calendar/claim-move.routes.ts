import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Claim, ClaimIdParams, MoveClaimBody } from '@cybertacotruck/contracts';
import { requireOperatorOrInternal } from '@cybertacotruck/platform';
import type { ClaimRecord } from './calendar.service';
import type { ClaimMoveService } from './claim-move.service';

const present = (c: ClaimRecord): Claim => ({
  id: c.id,
  vehicleId: c.vehicleId,
  kind: c.kind,
  status: c.status,
  from: c.from.toISOString(),
  to: c.to.toISOString(),
  expiresAt: c.expiresAt ? c.expiresAt.toISOString() : null,
  reference: c.reference,
  note: c.note,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** Moving a booking: the reservation service's (internal token), which keeps the reservation in step. */
export const claimMoveRoutes: FastifyPluginAsync<{ moves: ClaimMoveService }> = async (
  fastify,
  { moves },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/claims/:id/move',
    {
      onRequest: requireOperatorOrInternal,
      schema: {
        tags: ['calendar'],
        summary: 'Move an active booking to another period and, optionally, another vehicle',
        description:
          'The same booking (id, reference) on the new period. 409 vehicle-unavailable when another active claim overlaps, 409 claim-not-active for a released booking or a hold or block, 409 vehicle-out-of-service for a target out of service, 400 invalid-period. Operators move bookings through the reservation service (POST /reservations/:id/move), which keeps the reservation in step.',
        params: ClaimIdParams,
        body: MoveClaimBody,
        response: { 200: Claim },
      },
    },
    async (request) => present(await moves.move(request.params.id, request.body)),
  );
};
