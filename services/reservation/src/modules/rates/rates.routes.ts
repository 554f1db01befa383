import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Rate, RateList, RateModelParams, UpdateRateBody } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { RateRecord, RatesService } from './rates.service';

const presentRate = (r: RateRecord): Rate => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export const ratesRoutes: FastifyPluginAsync<{ rates: RatesService }> = async (fastify, { rates }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reservation'];

  app.get(
    '/rates',
    {
      schema: {
        tags,
        summary: 'The daily rate and deposit of every model (public)',
        response: { 200: RateList },
      },
    },
    async () => ({ items: (await rates.list()).map(presentRate) }),
  );

  app.put(
    '/rates/:model',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: "Set a model's daily rate and deposit (applies to new quotes and holds)",
        params: RateModelParams,
        body: UpdateRateBody,
        response: { 200: Rate },
      },
    },
    async (request) => presentRate(await rates.update(request.params.model, request.body)),
  );
};
