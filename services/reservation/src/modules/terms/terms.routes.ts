import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PublishTermsBody, Terms, TermsVersionParams } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { TermsRecord, TermsService } from './terms.service';

export const termsRoutes: FastifyPluginAsync<{ terms: TermsService }> = async (fastify, { terms }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reservation'];
  const present = (t: TermsRecord): Terms => ({
    version: t.version,
    title: t.title,
    body: t.body,
    publishedAt: t.publishedAt.toISOString(),
    cancellation: terms.policy(),
    returnFees: t.returnFees,
  });

  app.get(
    '/terms/current',
    {
      schema: {
        tags,
        summary: 'The rental terms a customer accepts to confirm a reservation now (public)',
        response: { 200: Terms },
      },
    },
    async () => present(await terms.current()),
  );

  app.get(
    '/terms/:version',
    {
      schema: {
        tags,
        summary: 'One version of the rental terms, e.g. the one a reservation was confirmed with (public)',
        params: TermsVersionParams,
        response: { 200: Terms },
      },
    },
    async (request) => present(await terms.get(request.params.version)),
  );

  app.post(
    '/terms',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary:
          'Publish a new version of the terms (held reservations must then accept it); returnFees omitted: the current ones carry over',
        body: PublishTermsBody,
        response: { 201: Terms },
      },
    },
    async (request, reply) => reply.code(201).send(present(await terms.publish(request.body))),
  );
};
