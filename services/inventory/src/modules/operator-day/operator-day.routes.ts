import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { OperatorDay, OperatorDayQuery } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { OperatorDayService } from './operator-day.service';

/** The operator's home page: the fleet now, today's and tomorrow's pickups and returns, utilisation. */
export const operatorDayRoutes: FastifyPluginAsync<{ day: OperatorDayService }> = async (
  fastify,
  { day },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/fleet/day',
    {
      onRequest: requireOperator,
      schema: {
        tags: ['calendar'],
        summary: "The operator's day: counts by status, pickups and returns with readiness, utilisation",
        description:
          'Today and tomorrow begin at midnight in `timeZone` (default UTC); 400 for a zone that is not an IANA one. Readiness: charged to the pickup target, online or asleep, and not known to lack the virtual key. Utilisation: booked hours of the vehicles in service over the last 7 and 30 days, divided by their hours.',
        querystring: OperatorDayQuery,
        response: { 200: OperatorDay },
      },
    },
    async (request) => day.day(request.query),
  );
};
