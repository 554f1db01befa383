import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { IdParams, ProblemTypes, UserContact, UserRecipientList } from '@cybertacotruck/contracts';
import { NotFoundError, requireInternal } from '@cybertacotruck/platform';
import type { PreferencesService } from '../preferences/preferences.service';
import type { AccountTables } from '../../tables';
import { ContactsRepository } from './contacts.repository';

/**
 * For the notification service: a user's contact, and every operator with their preferences
 * (operator alerts). Internal only, like `/internal/users/:id/preferences`: the ingress does not
 * route /api/v1/internal, and callers send the INTERNAL_TOKEN in x-internal-token.
 */
export const internalContactsRoutes: FastifyPluginAsync<{
  db: Kysely<AccountTables>;
  preferences: PreferencesService;
}> = async (fastify, { db, preferences }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const contacts = new ContactsRepository(db);
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
    async (request) => {
      const found = await contacts.find(request.params.id);
      if (!found) throw new NotFoundError(`No user with id ${request.params.id}.`, ProblemTypes.userNotFound);
      return found;
    },
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
    async () => {
      const items = [];
      for (const contact of await contacts.operators()) {
        const found = await preferences.get(contact.id);
        if (found) items.push({ contact, preferences: found });
      }
      return { items };
    },
  );
};
