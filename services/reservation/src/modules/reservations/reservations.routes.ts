import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CancelReservationBody,
  ConfirmReservationBody,
  CreateReservationBody,
  IdempotencyHeaders,
  PaymentActionRequired,
  Reservation,
  ReservationIdParams,
  ReservationList,
  ReservationListQuery,
} from '@cybertacotruck/contracts';
import { principalOf, requireCustomer, requireSignedIn } from '@cybertacotruck/platform';
import type { ReservationsService } from './reservations.service';

const RETRIES =
  'Send an Idempotency-Key: a retry with the same key and body replays the first answer (success or 4xx); the same key with another body is refused with 422; while the first is still running, 409 idempotency-key-in-flight.';

/** Reservations over HTTP: authentication, validation and status codes; the rules are in the service. */
export const reservationsRoutes: FastifyPluginAsync<{ reservations: ReservationsService }> = async (
  fastify,
  { reservations },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reservation'];

  app.post(
    '/reservations',
    {
      onRequest: requireCustomer,
      schema: {
        tags,
        summary: 'Reserve a vehicle for [from, to): holds it while the customer reads the terms',
        description: `201 with a held reservation, its quote and the terms version to accept before holdExpiresAt. 400 invalid-period, 404 vehicle-not-found, 409 vehicle-unavailable / vehicle-out-of-service. ${RETRIES}`,
        headers: IdempotencyHeaders,
        body: CreateReservationBody,
        response: { 201: Reservation },
      },
    },
    async (request, reply) => {
      const reservation = await reservations.create(
        { principal: principalOf(request), idempotencyKey: request.headers['idempotency-key'] },
        request.body,
      );
      return reply.code(201).send(reservation);
    },
  );

  app.post(
    '/reservations/:id/confirm',
    {
      onRequest: requireCustomer,
      schema: {
        tags,
        summary: 'Pay, accept the terms and turn the hold into a booking',
        description: `With payments configured the rental is charged and the deposit held on payment.paymentMethod first: 202 when the card asks for 3-D Secure (open redirectUrl; it comes back to payment.returnUrl; then confirm again, without payment, with a new Idempotency-Key), 402 payment-declined (nothing changes; try another card), 402 payment-required without a card. 409 terms-outdated when termsVersion is not the current version, reservation-not-held when it is not held, hold-expired when the hold lapsed (the reservation is then expired). ${RETRIES}`,
        headers: IdempotencyHeaders,
        params: ReservationIdParams,
        body: ConfirmReservationBody,
        response: { 200: Reservation, 202: PaymentActionRequired },
      },
    },
    async (request, reply) => {
      const answer = await reservations.confirm(
        { principal: principalOf(request), idempotencyKey: request.headers['idempotency-key'] },
        request.params.id,
        request.body,
      );
      return 'redirectUrl' in answer ? reply.code(202).send(answer) : reply.code(200).send(answer);
    },
  );

  app.post(
    '/reservations/:id/cancel',
    {
      onRequest: requireSignedIn,
      // The body is optional: a POST without one is a cancellation without a reason.
      preValidation: async (request: FastifyRequest) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: 'Cancel a reservation and free the vehicle',
        description: `A customer may abandon a held reservation at any time and cancel a confirmed one until cancellation.freeUntil (then 409 cancellation-window-closed: the operator can still cancel it). 409 reservation-closed when it is already cancelled or expired. The body is optional. ${RETRIES}`,
        headers: IdempotencyHeaders,
        params: ReservationIdParams,
        body: CancelReservationBody,
        response: { 200: Reservation },
      },
    },
    async (request) =>
      reservations.cancel(
        { principal: principalOf(request), idempotencyKey: request.headers['idempotency-key'] },
        request.params.id,
        request.body,
      ),
  );

  app.get(
    '/reservations',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: "A customer's own reservations by scope, or every reservation for an operator",
        description:
          'Customers: scope upcoming (default; soonest first), past or cancelled (latest first). Operators: every customer, filtered by status, vehicleId, customerId and a [from, to) window the reservation overlaps (latest first unless scope=upcoming).',
        querystring: ReservationListQuery,
        response: { 200: ReservationList },
      },
    },
    async (request) => reservations.list(principalOf(request), request.query),
  );

  app.get(
    '/reservations/:id',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: 'One reservation (a customer sees only their own: another’s is 404)',
        params: ReservationIdParams,
        response: { 200: Reservation },
      },
    },
    async (request) => reservations.get(principalOf(request), request.params.id),
  );

  app.get(
    '/reservations/:id/calendar.ics',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: 'The pickup and the return as an iCalendar file (add to calendar)',
        description:
          'Two events at the pickup location (LOCATION with the address, GEO) in its time zone (DTSTART;TZID=…), with the directions link, the instructions and whom to contact. Its customer and operators only: another customer gets 404.',
        params: ReservationIdParams,
        response: {
          200: {
            description: 'an iCalendar (RFC 5545) file',
            content: { 'text/calendar': { schema: Type.String() } },
          },
        },
      },
    },
    async (request, reply) => {
      const file = await reservations.calendarFile(principalOf(request), request.params.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('cache-control', 'private, no-store')
        .send(file.text);
    },
  );
};
