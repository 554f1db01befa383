import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AuthorizeResponse,
  TeslaCallbackQuery,
  TeslaConnectionList,
  type TeslaConnection,
} from '@cybertacotruck/contracts';
import { DomainError, requireOperator } from '@cybertacotruck/platform';
import type { ConnectionView, TeslaConnectionsService } from './connections.service';

const presentConnection = (c: ConnectionView): TeslaConnection => ({
  id: c.id,
  label: c.label,
  region: c.region,
  status: c.status,
  statusReason: c.statusReason,
  scopes: c.scopes,
  vehicleCount: c.vehicleCount,
  lastSyncedAt: c.lastSyncedAt ? c.lastSyncedAt.toISOString() : null,
  createdAt: c.createdAt.toISOString(),
});

/** This app's callback at the address the operator uses (when no redirect URI is registered). */
const callbackAt = (request: FastifyRequest): string =>
  `${request.protocol}://${request.host}/api/v1/tesla/callback`;

/** Connecting Tesla accounts: the list, the start of the sign-in and Tesla's redirect back. */
export const teslaConnectionsRoutes: FastifyPluginAsync<{ connections: TeslaConnectionsService }> = async (
  fastify,
  { connections },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['tesla'];
  // Tesla accounts are the operator's.
  app.addHook('onRequest', requireOperator);

  app.get(
    '/tesla/connections',
    { schema: { tags, summary: 'Connected Tesla accounts', response: { 200: TeslaConnectionList } } },
    async () => ({
      mode: connections.mode,
      items: (await connections.list()).map(presentConnection),
    }),
  );

  app.post(
    '/tesla/connections/authorize',
    {
      schema: {
        tags,
        summary: "Start connecting a Tesla account: returns the URL of Tesla's sign-in page",
        response: { 200: AuthorizeResponse },
      },
    },
    async (request) => connections.beginSignIn(callbackAt(request)),
  );

  app.get(
    '/tesla/callback',
    {
      schema: {
        tags,
        summary: "Tesla's redirect after sign-in; sends the operator back to the connections page",
        querystring: TeslaCallbackQuery,
        response: { 302: { type: 'null', description: 'to /operator/tesla with the outcome' } },
      },
    },
    async (request, reply) => {
      const q = request.query;
      try {
        const { connection, imported } = await connections.completeSignIn({
          ...(q.code !== undefined && { code: q.code }),
          ...(q.state !== undefined && { state: q.state }),
          ...(q.error !== undefined && { error: q.error }),
          ...(q.error_description !== undefined && { errorDescription: q.error_description }),
        });
        return await reply.redirect(`/operator/tesla?connected=${connection.id}&imported=${imported}`, 302);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        request.log.warn({ type: error.type }, 'Tesla sign-in refused');
        const params = new URLSearchParams({ error: error.type, detail: error.detail });
        return await reply.redirect(`/operator/tesla?${params.toString()}`, 302);
      }
    },
  );
};
