import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DevInboxQuery, DevMessageList } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { DevInboxRepository } from '@cybertacotruck/messaging';

/**
 * The dev inbox: what the SMS would have said. Mounted only when no SMS provider is configured;
 * operator-only everywhere, development included: it holds registration links and password-reset
 * codes, and an open one let anyone on the network reset the demo operator's password.
 */
export const devInboxRoutes: FastifyPluginAsync<{
  inbox: DevInboxRepository;
  normalise: (to: string) => string;
}> = async (fastify, { inbox, normalise }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/dev-inbox',
    {
      preHandler: requireOperator,
      schema: {
        tags: ['account'],
        summary: 'Messages the dev inbox kept instead of sending (no SMS provider configured)',
        querystring: DevInboxQuery,
        response: { 200: DevMessageList },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const to = request.query.to === undefined ? undefined : normalise(request.query.to);
      const items = await inbox.list(to === undefined ? {} : { to });
      return { items: items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
    },
  );
};
