import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ReadNowResult, VehicleIdParams } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import { presentLive } from '../live-state/live-fleet.routes';
import { presentVehicle } from '../vehicles/vehicles.routes';
import type { ReadNowService } from './read-now.service';

/** The operator's "Read now": wakes one car (it costs), reads it once. Never called by the app itself. */
export const readNowRoutes: FastifyPluginAsync<{ readNow: ReadNowService }> = async (
  fastify,
  { readNow },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireOperator);

  app.post(
    '/vehicles/:id/read-now',
    {
      schema: {
        tags: ['tesla'],
        summary:
          'Read a car now: wakes it if needed (one wake, about $0.02), waits until it is online, reads vehicle_data once',
        params: VehicleIdParams,
        response: { 200: ReadNowResult },
      },
    },
    async (request) => {
      const r = await readNow.readNow(request.params.id);
      return {
        vehicle: presentVehicle(r.vehicle),
        live: presentLive(r.live),
        woke: r.woke,
        waitedMs: r.waitedMs,
      };
    },
  );
};
