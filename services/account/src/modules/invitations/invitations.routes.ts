import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateInvitationBody,
  IdParams,
  Invitation,
  InvitationList,
  RegisterBody,
  RegistrationInfo,
  RegistrationTokenParams,
  Me,
} from '@cybertacotruck/contracts';
import { principalOf, requireOperator } from '@cybertacotruck/platform';
import { setSessionCookie } from '../sessions/session-cookie';
import { presentUser } from '../users/present';
import type { InvitationRecord, InvitationsService } from './invitations.service';
import type { RegistrationService } from './registration.service';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Operator: invite, resend, list. Public: look a registration link up, and redeem it. */
export const invitationsRoutes: FastifyPluginAsync<{
  invitations: InvitationsService;
  registration: RegistrationService;
  session: { maxAgeMs: number; production: boolean };
}> = async (fastify, { invitations, registration, session }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];
  const present = (i: InvitationRecord): Invitation => ({
    id: i.id,
    phone: i.phone,
    name: i.name,
    status: invitations.status(i),
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    sentCount: i.sentCount,
    lastSentAt: i.lastSentAt.toISOString(),
    delivery: i.delivery,
  });

  app.post(
    '/invitations',
    {
      preHandler: requireOperator,
      schema: {
        tags,
        summary:
          'Invite a customer: a registration link and code go to their phone by SMS, through the notification service (operator)',
        body: CreateInvitationBody,
        response: { 201: Invitation },
      },
    },
    async (request, reply) => {
      const created = await invitations.invite(principalOf(request).userId, request.body, originOf(request));
      return reply.code(201).send(present(created));
    },
  );

  app.post(
    '/invitations/:id/resend',
    {
      preHandler: requireOperator,
      schema: {
        tags,
        summary: 'Send a new link and code; the previous link stops working (operator)',
        params: IdParams,
        response: { 200: Invitation },
      },
    },
    async (request) =>
      present(await invitations.resend(request.params.id, principalOf(request).userId, originOf(request))),
  );

  app.get(
    '/invitations',
    {
      preHandler: requireOperator,
      schema: { tags, summary: 'Invitations, newest first (operator)', response: { 200: InvitationList } },
    },
    async () => ({ items: (await invitations.list()).map(present) }),
  );

  app.get(
    '/registration/:token',
    {
      schema: {
        tags,
        summary: 'Is this registration link still valid? The masked phone and the expiry',
        params: RegistrationTokenParams,
        response: { 200: RegistrationInfo },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const info = await registration.info(request.params.token);
      return { ...info, expiresAt: info.expiresAt.toISOString() };
    },
  );

  app.post(
    '/registration',
    {
      schema: {
        tags,
        summary: 'Register with the link token and the SMS code; signs the new customer in',
        body: RegisterBody,
        response: { 201: Me },
      },
    },
    async (request, reply) => {
      const { user, session: issued } = await registration.register(
        request.body,
        request.headers['user-agent'],
      );
      setSessionCookie(request, reply, issued.sessionId, session);
      return reply.code(201).send({
        user: presentUser(user),
        csrfToken: issued.csrfToken,
        sessionExpiresAt: issued.expiresAt.toISOString(),
      });
    },
  );
};
