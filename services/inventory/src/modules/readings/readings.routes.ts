import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { VehicleIdParams, VehicleReadings } from '@cybertacotruck/contracts';
import { requireInternal } from '@cybertacotruck/platform';
import type { ReadingsService } from './readings.service';

/** The readings the reservation service records at pickup and return (internal token only). */
export const readingsRoutes: FastifyPluginAsync<{ readings: ReadingsService }> = async (
  fastify,
  { readings },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/internal/vehicles/:id/readings',
    {
      onRequest: requireInternal,
      schema: {
        tags: ['inventory'],
        summary: "Internal: a vehicle's readings now (odometer, charge, range, tyres, position, lock)",
        description:
          'From the live state (never wakes the car); distanceFromHomeM against its home location. 404 vehicle-not-found.',
        params: VehicleIdParams,
        response: { 200: VehicleReadings },
      },
    },
    async (request) => readings.read(request.params.id),
  );
};
