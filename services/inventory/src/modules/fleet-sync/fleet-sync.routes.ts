import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ConnectionIdParams, SyncReport } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { FleetSyncService } from './fleet-sync.service';

/** The operator's "Sync now" on a connection. */
export const fleetSyncRoutes: FastifyPluginAsync<{ sync: FleetSyncService }> = async (fastify, { sync }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireOperator);

  app.post(
    '/tesla/connections/:id/sync',
    {
      schema: {
        tags: ['tesla'],
        summary: 'Sync one connection now: the vehicle list, then vehicle_data only where the policy says',
        params: ConnectionIdParams,
        response: { 200: SyncReport },
      },
    },
    async (request) => {
      const { connectionId: _id, ...report } = await sync.syncNow(request.params.id, new Date());
      return report;
    },
  );
};
