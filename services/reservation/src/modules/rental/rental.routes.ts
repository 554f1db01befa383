import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Dispute, DisputeBody, DisputeList, Rental, ReservationIdParams } from '@cybertacotruck/contracts';
import { principalOf, requireCustomer, requireOperator, requireSignedIn } from '@cybertacotruck/platform';
import type { RentalService } from './rental.service';

const AGAIN = 'Repeating it once done answers the same rental and changes nothing.';

/** Pickup, return, the rental's readings and charges, and disputes of a receipt, over HTTP. */
export const rentalRoutes: FastifyPluginAsync<{ rental: RentalService }> = async (fastify, { rental }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reservation'];

  app.post(
    '/reservations/:id/pickup',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary:
          "Mark a confirmed reservation picked up: the car's readings are recorded, the rental is active",
        description: `200 with the rental. 404 reservation-not-found, 409 reservation-not-confirmed (held, cancelled, expired or no-show), 503 when inventory cannot be asked. ${AGAIN}`,
        params: ReservationIdParams,
        response: { 200: Rental },
      },
    },
    async (request) => rental.pickup(request.params.id, 'operator'),
  );

  app.post(
    '/reservations/:id/return',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary:
          "Mark a picked-up rental returned: the car's readings, the charges of its terms, the car freed",
        description: `200 with the rental, its charges and their total. 404 reservation-not-found, 409 reservation-not-picked-up. ${AGAIN}`,
        params: ReservationIdParams,
        response: { 200: Rental },
      },
    },
    async (request) => rental.return(request.params.id, 'operator'),
  );

  app.get(
    '/reservations/:id/rental',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: 'A reservation’s rental: readings at pickup and return, charges, disputes',
        description: 'A customer sees only their own (another’s is 404 reservation-not-found).',
        params: ReservationIdParams,
        response: { 200: Rental },
      },
    },
    async (request) => rental.rental(principalOf(request), request.params.id),
  );

  app.post(
    '/reservations/:id/disputes',
    {
      onRequest: requireCustomer,
      schema: {
        tags,
        summary: 'Dispute the receipt of a returned rental: a message to the operator',
        description:
          '201 with the stored dispute. 404 reservation-not-found (not yours), 409 reservation-not-returned, 400 validation (message 1-2000 characters).',
        params: ReservationIdParams,
        body: DisputeBody,
        response: { 201: Dispute },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rental.dispute(principalOf(request), request.params.id, request.body)),
  );

  app.get(
    '/disputes',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Renters’ disputes of their receipts, newest first (operators)',
        response: { 200: DisputeList },
      },
    },
    async () => rental.disputes(),
  );
};
