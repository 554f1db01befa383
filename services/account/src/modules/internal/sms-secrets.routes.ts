import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  IdParams,
  InvitationLink,
  InvitationLinkQuery,
  PasswordResetCode,
  PhoneChangeCode,
} from '@cybertacotruck/contracts';
import { requireInternal } from '@cybertacotruck/platform';
import type { InvitationsService } from '../invitations/invitations.service';
import type { PasswordResetService } from '../sessions/password-reset.service';
import type { ProfileService } from '../users/profile.service';

/**
 * For the notification service's sender, when it sends an invitation, reset or phone-change SMS: the
 * link or code, which no event carries. Internal only (the ingress does not route /api/v1/internal; callers
 * send INTERNAL_TOKEN). The secret is in the answer only while it can still be used; otherwise the
 * state says why, and the sender records the delivery as not sent. Never cached.
 */
export const internalSmsSecretsRoutes: FastifyPluginAsync<{
  invitations: InvitationsService;
  passwordReset: PasswordResetService;
  profile: ProfileService;
}> = async (fastify, { invitations, passwordReset, profile }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];

  app.get(
    '/internal/invitations/:id/link',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary:
          'The registration link and code of a pending invitation’s current issue, for its SMS (internal network; x-internal-token)',
        params: IdParams,
        querystring: InvitationLinkQuery,
        response: { 200: InvitationLink },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return invitations.link(request.params.id, request.query.issue);
    },
  );

  app.get(
    '/internal/password-resets/:id/code',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary: 'The code of an open password reset, for its SMS (internal network; x-internal-token)',
        params: IdParams,
        response: { 200: PasswordResetCode },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return passwordReset.code(request.params.id);
    },
  );

  app.get(
    '/internal/phone-changes/:id/code',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary:
          'The code of an open phone change, for its SMS to the new number (internal network; x-internal-token)',
        params: IdParams,
        response: { 200: PhoneChangeCode },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return profile.phoneChangeCode(request.params.id);
    },
  );
};
