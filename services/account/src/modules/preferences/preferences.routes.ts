import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, Preferences, ProblemTypes, UpdatePreferencesBody } from '@cybertacotruck/contracts';
import { NotFoundError, principalOf, requireInternal, requireSignedIn } from '@cybertacotruck/platform';
import type { PreferencesService } from './preferences.service';

export const preferencesRoutes: FastifyPluginAsync<{
  preferences: PreferencesService;
}> = async (fastify, { preferences }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];

  app.get(
    '/me/preferences',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'The signed-in user’s notification preferences',
        response: { 200: Preferences },
      },
    },
    async (request) => {
      const found = await preferences.get(principalOf(request).userId);
      if (!found) throw new NotFoundError('Your account no longer exists.', ProblemTypes.userNotFound);
      return found;
    },
  );

  app.patch(
    '/me/preferences',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'Change channels per kind of message, quiet hours, time zone or language',
        body: UpdatePreferencesBody,
        response: { 200: Preferences },
      },
    },
    async (request) => preferences.update(principalOf(request).userId, request.body),
  );

  /**
   * For other services (notification). In production it is reachable only on the internal network
   * (the ingress does not route /api/v1/internal), and callers must send the process's internal
   * token (INTERNAL_TOKEN) in x-internal-token.
   */
  app.get(
    '/internal/users/:id/preferences',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary: 'A user’s preferences, for other services (internal network; x-internal-token)',
        params: IdParams,
        response: { 200: Preferences },
      },
    },
    async (request) => {
      const found = await preferences.get(request.params.id);
      if (!found) throw new NotFoundError(`No user with id ${request.params.id}.`, ProblemTypes.userNotFound);
      return found;
    },
  );
};
