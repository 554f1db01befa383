import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ResolvedSession, ResolveSessionBody } from '@cybertacotruck/contracts';
import { RESOLVE_SESSION_PATH, requireInternal } from '@cybertacotruck/platform';
import type { SessionsService } from './sessions.service';

/**
 * For processes that do not host the account service (platform's remote-session.ts): the session
 * a cookie names, with the SHA-256 of its CSRF token so the caller checks the browser's
 * `x-csrf-token` itself (constant time) without this service seeing each request. The session id
 * travels in the body (never in the URL, so never in a log line). Internal network and
 * x-internal-token only.
 */
export const sessionResolveRoutes: FastifyPluginAsync<{ sessions: SessionsService }> = async (
  fastify,
  { sessions },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    RESOLVE_SESSION_PATH,
    {
      onRequest: requireInternal,
      schema: {
        tags: ['account'],
        summary: 'Resolve a session cookie, for other services (internal network; x-internal-token)',
        body: ResolveSessionBody,
        response: { 200: ResolvedSession },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const session = await sessions.resolve(request.body.sessionId);
      if (!session) return { session: null };
      return {
        session: {
          principal: session.principal,
          expiresAt: session.expiresAt.toISOString(),
          csrfTokenSha256: createHash('sha256').update(session.csrfToken).digest('hex'),
        },
      };
    },
  );
};
