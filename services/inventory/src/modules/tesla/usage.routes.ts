import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { UsageQuery, UsageReport } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { UsageService } from './usage.service';

/** The Fleet API bill (the operator's Costs page). */
export const usageRoutes: FastifyPluginAsync<{ usage: UsageService }> = async (fastify, { usage }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireOperator);

  app.get(
    '/tesla/usage',
    {
      schema: {
        tags: ['tesla'],
        summary: 'Billable Fleet API use per vehicle per day, with the dollar estimate',
        querystring: UsageQuery,
        response: { 200: UsageReport },
      },
    },
    async (request): Promise<UsageReport> => usage.report(request.query.days ?? 7),
  );
};
