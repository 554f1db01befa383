import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateVehicleBody,
  ListVehiclesQuery,
  UpdateVehicleBody,
  Vehicle,
  VehicleIdParams,
  VehicleList,
} from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { VehicleRecord } from './vehicles.repository';
import type { VehiclesService } from './vehicles.service';

/** A vehicle as the API shows it; the live fleet routes present vehicles the same way. */
export const presentVehicle = (v: VehicleRecord): Vehicle => ({
  ...v,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});

/** HTTP + validation + presentation only; the rules live in VehiclesService. */
export const vehiclesRoutes: FastifyPluginAsync<{ vehicles: VehiclesService }> = async (
  fastify,
  { vehicles },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['inventory'];

  app.get(
    '/vehicles',
    {
      schema: {
        tags,
        summary: 'List the fleet',
        querystring: ListVehiclesQuery,
        response: { 200: VehicleList },
      },
    },
    async (request) => ({ items: (await vehicles.list(request.query)).map(presentVehicle) }),
  );

  app.get(
    '/vehicles/:id',
    { schema: { tags, summary: 'One vehicle', params: VehicleIdParams, response: { 200: Vehicle } } },
    async (request) => presentVehicle(await vehicles.get(request.params.id)),
  );

  app.post(
    '/vehicles',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Add a vehicle to the fleet',
        body: CreateVehicleBody,
        response: { 201: Vehicle },
      },
    },
    async (request, reply) => reply.code(201).send(presentVehicle(await vehicles.register(request.body))),
  );

  app.patch(
    '/vehicles/:id',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Rename a vehicle, or take it out of service and back',
        params: VehicleIdParams,
        body: UpdateVehicleBody,
        response: { 200: Vehicle },
      },
    },
    async (request) => presentVehicle(await vehicles.update(request.params.id, request.body)),
  );
};
