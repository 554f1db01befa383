import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateLocationBody,
  ListLocationsQuery,
  Location,
  LocationIdParams,
  LocationList,
  UpdateLocationBody,
} from '@cybertacotruck/contracts';
import { ForbiddenError, requireOperator } from '@cybertacotruck/platform';
import type { LocationRecord, LocationsService } from './locations.service';

const presentLocation = (l: LocationRecord): Location => ({
  ...l,
  archivedAt: l.archivedAt?.toISOString() ?? null,
  createdAt: l.createdAt.toISOString(),
  updatedAt: l.updatedAt.toISOString(),
});

/**
 * HTTP + validation + presentation only; the rules live in LocationsService. Reading is public
 * (renters are shown where to collect a car before they sign in); changing is the operator's.
 */
export const locationsRoutes: FastifyPluginAsync<{ locations: LocationsService }> = async (
  fastify,
  { locations },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['inventory'];

  app.get(
    '/locations',
    {
      schema: {
        tags,
        summary: 'Pickup locations (archived ones for operators, with ?archived=true)',
        querystring: ListLocationsQuery,
        response: { 200: LocationList },
      },
    },
    async (request) => {
      const archived = request.query.archived ?? false;
      if (archived && request.principal?.role !== 'operator' && !request.internalCaller)
        throw new ForbiddenError('Only operators list archived locations.');
      return { items: (await locations.list({ archived })).map(presentLocation) };
    },
  );

  app.get(
    '/locations/:id',
    {
      schema: {
        tags,
        summary: 'One pickup location (archived ones too: reservations keep theirs)',
        params: LocationIdParams,
        response: { 200: Location },
      },
    },
    async (request) => presentLocation(await locations.get(request.params.id)),
  );

  app.post(
    '/locations',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Add a pickup location',
        body: CreateLocationBody,
        response: { 201: Location },
      },
    },
    async (request, reply) => reply.code(201).send(presentLocation(await locations.create(request.body))),
  );

  app.patch(
    '/locations/:id',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Edit a pickup location (not an archived one)',
        params: LocationIdParams,
        body: UpdateLocationBody,
        response: { 200: Location },
      },
    },
    async (request) => presentLocation(await locations.update(request.params.id, request.body)),
  );

  app.post(
    '/locations/:id/archive',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Archive a pickup location: refused (409 location-in-use) while a vehicle calls it home',
        params: LocationIdParams,
        response: { 200: Location },
      },
    },
    async (request) => presentLocation(await locations.archive(request.params.id)),
  );
};
