import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  Geofence,
  GeofenceBody,
  GeofenceList,
  GeofenceParams,
  RENTER_VEHICLE_COMMANDS,
  RentalAccess,
  RentalAccessList,
  RentalAccessQuery,
  RentalShareLink,
  RenterAccess,
  RenterCommandRequest,
  RenterCommandResult,
  RentalParams,
} from '@cybertacotruck/contracts';
import { principalOf, requireCustomer, requireInternal, requireOperator } from '@cybertacotruck/platform';
import type { GeofenceService } from './geofence.service';
import type { GeofenceRecord, RentalAccessRow } from './rental-access.tables';
import type { RentalAccessService } from './rental-access.service';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const presentAccess = (r: RentalAccessRow): RentalAccess => ({
  reservationId: r.reservation_id,
  vehicleId: r.vehicle_id,
  vehicleName: r.vehicle_name,
  customerId: r.customer_id,
  from: r.starts_at.toISOString(),
  to: r.ends_at.toISOString(),
  state: r.state,
  movingToVehicleName: r.moving_to_vehicle_name,
  endReason: r.end_reason,
  pickedUp: r.picked_up_at !== null,
  inviteDueAt: r.invite_due_at.toISOString(),
  invitedAt: iso(r.invited_at),
  invitationExpiresAt: iso(r.invitation_expires_at),
  revokeDueAt: iso(r.revoke_due_at),
  revokedAt: iso(r.revoked_at),
  speedLimit: r.speed_limit,
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  lastError: r.last_error,
  updatedAt: r.updated_at.toISOString(),
});

const presentFence = (g: GeofenceRecord): Geofence => ({
  scope: g.scope,
  id: g.scopeId,
  shape: g.shape,
  updatedAt: g.updatedAt.toISOString(),
});

/** HTTP + validation + presentation; the rules (who, when) live in RentalAccessService. */
export const rentalAccessRoutes: FastifyPluginAsync<{
  access: RentalAccessService;
  fences: GeofenceService;
}> = async (fastify, { access, fences }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['rentals'];

  app.get(
    '/rentals/:reservationId/access',
    {
      onRequest: requireCustomer,
      schema: {
        tags,
        summary:
          "The renter's car access for their reservation: the Tesla share link, and when commands are accepted",
        params: RentalParams,
        response: { 200: RenterAccess },
      },
    },
    async (request) => {
      const { row, shareLink } = await access.forRenter(
        request.params.reservationId,
        principalOf(request).userId,
      );
      const w = access.window(row);
      return {
        reservationId: row.reservation_id,
        // Moving: the car they now rent, not the one whose key is being taken back.
        vehicleName: row.moving_to_vehicle_name ?? row.vehicle_name,
        state: row.state,
        inviteDueAt: row.invite_due_at.toISOString(),
        shareLink,
        invitationExpiresAt: shareLink ? iso(row.invitation_expires_at) : null,
        opensAt: w.opensAt.toISOString(),
        closesAt: w.closesAt.toISOString(),
        commandsOpen: w.open,
        commands: [...RENTER_VEHICLE_COMMANDS],
        speedLimit: row.speed_limit,
      };
    },
  );

  app.post(
    '/rentals/:reservationId/commands',
    {
      onRequest: requireCustomer,
      schema: {
        tags,
        summary:
          'The renter sends a command to the car of their rental (only inside the rental: 403 before, saying when it opens, and after)',
        params: RentalParams,
        body: RenterCommandRequest,
        response: { 200: RenterCommandResult },
      },
    },
    async (request) => {
      const entry = await access.renterCommand(
        request.params.reservationId,
        principalOf(request).userId,
        request.body.command,
      );
      return {
        command: request.body.command,
        result: entry.result,
        reason: entry.reason || null,
        woke: entry.woke,
        at: entry.at.toISOString(),
      };
    },
  );

  app.get(
    '/rentals/access',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Car access per reservation or vehicle: each step, its attempts and last error',
        querystring: RentalAccessQuery,
        response: { 200: RentalAccessList },
      },
    },
    async (request) => ({ items: (await access.list(request.query)).map(presentAccess) }),
  );

  app.post(
    '/rentals/:reservationId/access/revoke',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary:
          "End a renter's car access now: the invitation is revoked and the renter removed as a driver (retried until done)",
        params: RentalParams,
        response: { 200: RentalAccess },
      },
    },
    async (request) => presentAccess(await access.revokeNow(request.params.reservationId)),
  );

  app.get(
    '/internal/rentals/:reservationId/share-link',
    {
      onRequest: requireInternal,
      schema: {
        tags: ['internal'],
        summary: 'The share link while the invitation stands (for the notification service, at send time)',
        params: RentalParams,
        response: { 200: RentalShareLink },
      },
    },
    async (request) => {
      const link = await access.shareLink(request.params.reservationId);
      return { shareLink: link.shareLink, expiresAt: iso(link.expiresAt), vehicleId: link.vehicleId };
    },
  );

  app.get(
    '/geofences',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Geofences of pickup locations and vehicles',
        response: { 200: GeofenceList },
      },
    },
    async () => ({ items: (await fences.list()).map(presentFence) }),
  );

  app.put(
    '/geofences/:scope/:id',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary:
          "Set a location's or a vehicle's geofence (a radius or a polygon); a rented car leaving it alerts operators",
        params: GeofenceParams,
        body: GeofenceBody,
        response: { 200: Geofence },
      },
    },
    async (request) =>
      presentFence(await fences.put(request.params.scope, request.params.id, request.body.shape)),
  );

  app.delete(
    '/geofences/:scope/:id',
    {
      onRequest: requireOperator,
      schema: { tags, summary: 'Remove a geofence', params: GeofenceParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await fences.remove(request.params.scope, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
