import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Insights, InsightsQuery } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import { insightsCsv, type InsightsService } from './insights.service';

const DESCRIPTION =
  "Computed from the services' events (a projection in inventory) and inventory's own searches and Tesla bill; days begin at midnight in INSIGHTS_TIME_ZONE. Money on a cash basis: a rental counts the day it is confirmed, a cancelled confirmed one is taken back the day it is cancelled, return charges the day of the return. 400 for a window other than 7, 30 or 90 days.";

/** The operator's business numbers (the Business page) and their CSV. */
export const insightsRoutes: FastifyPluginAsync<{ insights: InsightsService }> = async (
  fastify,
  { insights },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireOperator);

  app.get(
    '/insights',
    {
      schema: {
        tags: ['insights'],
        summary: 'Is the business working? Funnel, unmet demand, utilisation, money, cancellations',
        description: DESCRIPTION,
        querystring: InsightsQuery,
        response: { 200: Insights },
      },
    },
    async (request): Promise<Insights> => insights.insights(request.query.days ?? 7),
  );

  app.get(
    '/insights/daily.csv',
    {
      schema: {
        tags: ['insights'],
        summary: 'The daily business numbers as CSV (a header row, one row per day)',
        description: `Columns: day, invited, registered, searches, unmet_searches, held, confirmed, completed, cancelled, utilisation_percent, revenue (major units), currency, tesla_cost_usd. ${DESCRIPTION}`,
        querystring: InsightsQuery,
        response: {
          200: { description: 'CSV (RFC 4180)', content: { 'text/csv': { schema: Type.String() } } },
        },
      },
    },
    async (request, reply) => {
      const days = request.query.days ?? 7;
      const text = insightsCsv(await insights.insights(days));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="business-${String(days)}-days.csv"`)
        .header('cache-control', 'private, no-store')
        .send(text);
    },
  );
};
