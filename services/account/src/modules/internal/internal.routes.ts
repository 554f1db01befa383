import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, UserContact, UserRecipientList } from '@cybertacotruck/contracts';
import { requireInternal } from '@cybertacotruck/platform';
import type { ContactsService } from './contacts.service';

/**
 * For the notification service: a user's contact, and every operator with their preferences
 * (operator alerts). Internal only, like `/internal/users/:id/preferences`: the ingress does not
 * route /api/v1/internal, and callers send the INTERNAL_TOKEN in x-internal-token.
 */
export const internalContactsRoutes: FastifyPluginAsync<{ contacts: ContactsService }> = async (
  fastify,
  { contacts },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];

  app.get(
    '/internal/users/:id/contact',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary: 'A user’s name, phone and e-mail, for other services (internal network; x-internal-token)',
        params: IdParams,
        response: { 200: UserContact },
      },
    },
    async (request) => contacts.contact(request.params.id),
  );

  app.get(
    '/internal/operators',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary: 'Every operator with their preferences, for alerts (internal network; x-internal-token)',
        response: { 200: UserRecipientList },
      },
    },
    async () => ({ items: await contacts.operatorRecipients() }),
  );
};
