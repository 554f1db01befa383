import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { MoveClaimBody, RentedVehicles, Reservation } from '@cybertacotruck/contracts';
import { principalOf, requireInternal, requireOperator } from '@cybertacotruck/platform';
import type { ReservationsService } from '../reservations/reservations.service';
import type { BookingMovesService } from './booking-moves.service';

/** The operator moves a booking; inventory's live stream asks which cars a renter may watch. */
export const bookingMovesRoutes: FastifyPluginAsync<{
  moves: BookingMovesService;
  reservations: Pick<ReservationsService, 'get'>;
}> = async (fastify, { moves, reservations }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/reservations/:id/move',
    {
      onRequest: requireOperator,
      schema: {
        tags: ['reservations'],
        summary: 'Move a confirmed booking to other dates or another car of the same model (operators)',
        description:
          'The booking keeps its number of rental days and its quoted price. 409 vehicle-unavailable when the calendar has another claim in the new period (nothing changes), 409 reservation-closed unless it is confirmed, 400 validation for another length or another model, 404 for an unknown reservation or vehicle.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: MoveClaimBody,
        response: { 200: Reservation },
      },
    },
    async (request) => {
      await moves.move(request.params.id, request.body);
      return reservations.get(principalOf(request), request.params.id);
    },
  );

  app.get(
    '/internal/customers/:id/rented-vehicles',
    {
      onRequest: requireInternal,
      schema: {
        tags: ['reservations'],
        summary: 'The vehicles a customer rents now or picks up within a day',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: RentedVehicles },
      },
    },
    async (request) => ({ vehicleIds: await moves.rentedVehicles(request.params.id) }),
  );
};
