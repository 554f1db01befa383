import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  Availability,
  AvailabilityDays,
  AvailabilityDaysQuery,
  AvailabilityQuery,
  Claim,
  ClaimIdParams,
  ClaimList,
  ClaimLookupBody,
  ClaimsQuery,
  MaintenanceBody,
  PlaceHoldBody,
  ReferencedClaimsQuery,
  VehicleIdParams,
} from '@cybertacotruck/contracts';
import { requireOperator, requireOperatorOrInternal, requireSignedIn } from '@cybertacotruck/platform';
import { availabilityJson } from './availability-json';
import type { AvailabilityPricing } from './availability-pricing';
import type { ClaimRecord, CalendarService } from './calendar.service';
import type { SearchRecorder } from '../insights/search-recorder';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentClaim = (c: ClaimRecord): Claim => ({
  id: c.id,
  vehicleId: c.vehicleId,
  kind: c.kind,
  status: c.status,
  from: c.from.toISOString(),
  to: c.to.toISOString(),
  expiresAt: iso(c.expiresAt),
  reference: c.reference,
  note: c.note,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/**
 * The vehicle calendar over HTTP. Rules (periods, expiry, overlaps) live in CalendarService.
 * Searching needs a signed-in caller (and shows areas, never positions: geo.ts). Holds, confirmations and
 * releases come from the reservation service (internal token) or an operator: a customer reserves
 * through the reservation service, so every hold belongs to a reservation. Maintenance blocks and
 * the timelines are the operator's.
 */
export const calendarRoutes: FastifyPluginAsync<{
  calendar: CalendarService;
  pricing: AvailabilityPricing;
  /** Counts each first-page search for the business numbers (in memory; written off the request path). */
  searches?: Pick<SearchRecorder, 'record'>;
}> = async (fastify, { calendar, pricing, searches }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['calendar'];

  app.get(
    '/availability',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: 'Vehicles in service and free for all of [from, to)',
        description:
          "Live battery and range from the latest vehicle state, and the centre of the car's ~2 km area (never its position); sorted by whole miles from `near` to that centre when given, then by name. Each car carries the price of the period (the reservation service's rates, rental days counted in `timeZone`); `priced` is false when prices could not be had just now.",
        querystring: AvailabilityQuery,
        response: { 200: Availability },
      },
    },
    async (request, reply) => {
      // Priced while the calendar is searched: one round trip, whichever answers last.
      const [page, prices] = await Promise.all([
        calendar.availability(request.query),
        pricing.prices(request.query),
      ]);
      // JSON text is sent as it is: written by availabilityJson, not by the route's serializer
      // (the schema above stays the contract and the docs; availability-index.test.ts checks they agree).
      const json = availabilityJson(page, prices) as unknown as Availability;
      if (searches && !request.query.offset)
        searches.record({
          customerId: request.principal?.role === 'customer' ? request.principal.userId : null,
          from: page.period.from,
          to: page.period.to,
          model: request.query.model,
          free: page.items.length,
        });
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  app.get(
    '/availability/days',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: 'Each day of a month: vehicles in service and how many are free all day',
        description:
          'Days run from midnight to midnight in `timeZone`; a vehicle is free on a day when no hold, booking or maintenance touches any of it. 400 validation for an unknown time zone or a month more than 24 months away.',
        querystring: AvailabilityDaysQuery,
        response: { 200: AvailabilityDays },
      },
    },
    async (request) => ({
      month: request.query.month,
      timeZone: request.query.timeZone,
      days: await calendar.availabilityDays(request.query),
    }),
  );

  app.post(
    '/vehicles/:id/holds',
    {
      onRequest: requireOperatorOrInternal,
      schema: {
        tags,
        summary: 'Hold a vehicle for [from, to) until the hold is confirmed or expires',
        description:
          '201 for a new hold; 200 with the same hold when this `reference` already holds this vehicle for this period; 409 vehicle-unavailable when any active claim overlaps.',
        params: VehicleIdParams,
        body: PlaceHoldBody,
        response: { 200: Claim, 201: Claim },
      },
    },
    async (request, reply) => {
      const { claim, created } = await calendar.placeHold(request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(presentClaim(claim));
    },
  );

  app.post(
    '/holds/:id/confirm',
    {
      onRequest: requireOperatorOrInternal,
      schema: {
        tags,
        summary: 'Turn a live hold into a booking',
        description: '409 hold-expired once the hold has lapsed. Confirming a booking again returns it.',
        params: ClaimIdParams,
        response: { 200: Claim },
      },
    },
    async (request) => presentClaim(await calendar.confirm(request.params.id)),
  );

  app.delete(
    '/claims/:id',
    {
      onRequest: requireOperatorOrInternal,
      schema: {
        tags,
        summary: 'Release a hold, booking or maintenance block (idempotent)',
        params: ClaimIdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await calendar.release(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/claims/lookup',
    {
      onRequest: requireOperatorOrInternal,
      schema: {
        tags,
        summary: 'Claims by id, in any status (unknown ids are left out)',
        description: 'How the reservation service reconciles its reservations with the calendar.',
        body: ClaimLookupBody,
        response: { 200: ClaimList },
      },
    },
    async (request) => ({ items: (await calendar.lookup(request.body.ids)).map(presentClaim) }),
  );

  app.get(
    '/claims/referenced',
    {
      onRequest: requireOperatorOrInternal,
      schema: {
        tags,
        summary: 'Active holds and bookings that carry a reference, by id',
        description:
          "A page of occupying holds and bookings whose `reference` names another service's record, ordered by id after `after`.",
        querystring: ReferencedClaimsQuery,
        response: { 200: ClaimList },
      },
    },
    async (request) => ({
      items: (await calendar.referenced(request.query.after, request.query.limit)).map(presentClaim),
    }),
  );

  app.post(
    '/vehicles/:id/maintenance',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Block a vehicle for maintenance; refused when it overlaps an active claim',
        params: VehicleIdParams,
        body: MaintenanceBody,
        response: { 201: Claim },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentClaim(await calendar.blockForMaintenance(request.params.id, request.body))),
  );

  app.get(
    '/calendar',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: "The whole fleet's claims of every status overlapping [from, to), in time order",
        description: 'Defaults: from 30 days ago, to a year after from; at most 10,000 claims.',
        querystring: ClaimsQuery,
        response: { 200: ClaimList },
      },
    },
    async (request) => ({ items: (await calendar.timeline(null, request.query)).map(presentClaim) }),
  );

  app.get(
    '/vehicles/:id/claims',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: "A vehicle's claims of every status overlapping [from, to), in time order",
        description: 'Defaults: from 30 days ago, to a year after from.',
        params: VehicleIdParams,
        querystring: ClaimsQuery,
        response: { 200: ClaimList },
      },
    },
    async (request) => ({
      items: (await calendar.timeline(request.params.id, request.query)).map(presentClaim),
    }),
  );
};
