import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimContext } from '../context';
import {
  MAX_DRIVERS,
  createInvitation,
  presentDriver,
  presentInvitation,
  removeDriver,
  revokeInvitation,
  sharingOf,
} from '../fleet/sharing';
import type { SimVehicle } from '../fleet/vehicle-model';
import { sendError } from './envelope';
import type { FleetRouteConfig } from './guard';

/** Tesla's answer when a car already has five drivers (the simulator's wording; Tesla's is unpublished). */
export const MAX_DRIVERS_ERROR = 'max_drivers_reached';

const fleet = (config: FleetRouteConfig): { config: { fleet: FleetRouteConfig } } => ({
  config: { fleet: config },
});
const SHARING = ['vehicle_cmds'];

interface TagParams {
  tag: string;
}

/**
 * Driver invitations and drivers (`/api/1/vehicles/{vehicle_tag}/invitations`, `…/drivers`). They
 * go through the same guard as every Fleet API route, so the same faults apply. They do not need
 * the car awake: Tesla keeps the sharing records.
 */
export function sharingRoutes(app: FastifyInstance, ctx: SimContext): void {
  const vehicleOf = (request: FastifyRequest): SimVehicle => {
    const v = request.fleet.vehicle;
    if (!v) throw new Error('guard did not resolve the vehicle');
    return v;
  };

  app.post<{ Params: TagParams }>(
    '/api/1/vehicles/:tag/invitations',
    fleet({ category: 'data', scopes: SHARING }),
    async (request, reply) => {
      const v = vehicleOf(request);
      const invitation = createInvitation(v, ctx.world.nowMs());
      if (!invitation)
        return sendError(
          reply,
          400,
          MAX_DRIVERS_ERROR,
          `the vehicle already has ${MAX_DRIVERS} drivers: remove one before inviting another`,
        );
      return { response: presentInvitation(v, invitation, ctx.world.nowMs()) };
    },
  );

  app.get<{ Params: TagParams }>(
    '/api/1/vehicles/:tag/invitations',
    fleet({ category: 'data', scopes: SHARING }),
    async (request) => {
      const v = vehicleOf(request);
      const items = sharingOf(v).invitations.map((i) => presentInvitation(v, i, ctx.world.nowMs()));
      return { response: items, pagination: null, count: items.length };
    },
  );

  app.post<{ Params: TagParams & { id: string } }>(
    '/api/1/vehicles/:tag/invitations/:id/revoke',
    fleet({ category: 'data', scopes: SHARING }),
    async (request, reply) => {
      const v = vehicleOf(request);
      const invitation = sharingOf(v).invitations.find((i) => i.id === request.params.id);
      if (!invitation) return sendError(reply, 404, 'not_found', `invitation ${request.params.id} not found`);
      revokeInvitation(v, invitation, ctx.world.nowMs());
      return { response: true };
    },
  );

  app.get<{ Params: TagParams }>(
    '/api/1/vehicles/:tag/drivers',
    fleet({ category: 'data', scopes: SHARING }),
    async (request) => {
      const drivers = sharingOf(vehicleOf(request)).drivers.map(presentDriver);
      return { response: drivers, count: drivers.length };
    },
  );

  app.delete<{ Params: TagParams; Querystring: { share_user_id?: string } }>(
    '/api/1/vehicles/:tag/drivers',
    fleet({ category: 'data', scopes: SHARING }),
    async (request, reply) => {
      const id = request.query.share_user_id;
      if (!id) return sendError(reply, 400, 'invalid_request', 'share_user_id is required');
      if (!removeDriver(vehicleOf(request), id))
        return sendError(reply, 404, 'not_found', `driver ${id} not found`);
      return { response: 'ok' };
    },
  );
}
