import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  IdParams,
  INTERNAL_TOKEN_HEADER,
  Preferences,
  ProblemTypes,
  UpdatePreferencesBody,
} from '@cybertacotruck/contracts';
import { ForbiddenError, NotFoundError, principalOf, requireSignedIn } from '@cybertacotruck/platform';
import { constantTimeEqual } from '../../lib/secrets';
import type { PreferencesService } from './preferences.service';

export const preferencesRoutes: FastifyPluginAsync<{
  preferences: PreferencesService;
  internalToken: string | undefined;
}> = async (fastify, { preferences, internalToken }) => {
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
   * (the ingress does not route /api/v1/internal); with INTERNAL_TOKEN set, callers must also send
   * it in x-internal-token.
   */
  app.get(
    '/internal/users/:id/preferences',
    {
      schema: {
        tags,
        summary: 'A user’s preferences, for other services (internal network; x-internal-token)',
        params: IdParams,
        response: { 200: Preferences },
      },
    },
    async (request) => {
      if (internalToken !== undefined) {
        const sent = request.headers[INTERNAL_TOKEN_HEADER];
        if (typeof sent !== 'string' || !constantTimeEqual(sent, internalToken))
          throw new ForbiddenError(`Send the shared INTERNAL_TOKEN in ${INTERNAL_TOKEN_HEADER}.`);
      }
      const found = await preferences.get(request.params.id);
      if (!found) throw new NotFoundError(`No user with id ${request.params.id}.`, ProblemTypes.userNotFound);
      return found;
    },
  );
};
