import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ModelPrices, PriceModelsBody, Quote, QuoteQuery } from '@cybertacotruck/contracts';
import { requireInternal, requireSignedIn } from '@cybertacotruck/platform';
import type { QuotesService } from './quotes.service';

export const quotesRoutes: FastifyPluginAsync<{ quotes: QuotesService }> = async (fastify, { quotes }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/quotes',
    {
      onRequest: requireSignedIn,
      schema: {
        tags: ['reservation'],
        summary: 'The price of renting a vehicle (or a model) for [from, to)',
        description:
          'Days are counted in timeZone (default RESERVATION_DEFAULT_TIME_ZONE): pickup date to return date, plus one when the return is later in the day than the pickup. Give vehicleId or model; 404 vehicle-not-found for an unknown vehicle.',
        querystring: QuoteQuery,
        response: { 200: Quote },
      },
    },
    async (request) => quotes.quote(request.query),
  );

  app.post(
    '/internal/prices',
    {
      onRequest: requireInternal,
      schema: {
        tags: ['reservation'],
        summary: 'Internal: the price of [from, to) for each model, for availability answers',
        description:
          'Inventory prices its availability answers with it (internal token). Days as in a quote; a model without a rate is priced null; 400 invalid-period when to is not after from.',
        body: PriceModelsBody,
        response: { 200: ModelPrices },
      },
    },
    async (request) => quotes.priceModels(request.body),
  );
};
