import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DevInboxQuery, DevMessageList } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { DevInboxRepository } from '@cybertacotruck/messaging';

/**
 * What the e-mails and SMS would have said, when SMTP_URL or TWILIO_* is unset. The same shape as
 * the account service's dev inbox; operator-only everywhere, development included: the messages
 * hold reset codes and registration links, and a demo operator on a shared network is still an
 * account someone could take over by reading them.
 */
export const notificationDevInboxRoutes: FastifyPluginAsync<{
  inbox: DevInboxRepository;
}> = async (fastify, { inbox }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/notifications/dev-inbox',
    {
      onRequest: requireOperator,
      schema: {
        tags: ['notification'],
        summary: 'Messages the dev inbox kept instead of sending (no SMTP or SMS provider configured)',
        querystring: DevInboxQuery,
        response: { 200: DevMessageList },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const to = request.query.to?.trim().toLowerCase();
      const items = await inbox.list(to === undefined ? {} : { to });
      return { items: items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
    },
  );
};
