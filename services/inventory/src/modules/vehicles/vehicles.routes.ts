import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
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
import type { VehicleRecord, VehiclesService } from './vehicles.service';

/** A vehicle as the API shows it; the live fleet routes present vehicles the same way. */
export const presentVehicle = (v: VehicleRecord): Vehicle => ({
  ...v,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});

/**
 * A vehicle as the public (the list and detail pages are open to anyone) and customers see it:
 * no VIN. Operators and other services get all of it.
 */
const presentFor = (request: FastifyRequest) => {
  const full = request.internalCaller || request.principal?.role === 'operator';
  return (v: VehicleRecord): Vehicle => {
    const vehicle = presentVehicle(v);
    if (full) return vehicle;
    const { vin: _vin, ...rest } = vehicle;
    return rest;
  };
};

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
        summary: 'List the fleet (the VIN for operators only)',
        querystring: ListVehiclesQuery,
        response: { 200: VehicleList },
      },
    },
    async (request) => ({ items: (await vehicles.list(request.query)).map(presentFor(request)) }),
  );

  app.get(
    '/vehicles/:id',
    {
      schema: {
        tags,
        summary: 'One vehicle (the VIN for operators only)',
        params: VehicleIdParams,
        response: { 200: Vehicle },
      },
    },
    async (request) => presentFor(request)(await vehicles.get(request.params.id)),
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
