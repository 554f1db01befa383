import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ChangePasswordBody,
  PasswordChanged,
  PhoneChangeBody,
  PhoneChangeConfirmBody,
  PhoneChangeStarted,
  UpdateProfileBody,
  User,
} from '@cybertacotruck/contracts';
import { principalOf, requireSignedIn, UnauthorizedError } from '@cybertacotruck/platform';
import { sessionIdOf } from '../sessions/session-cookie';
import { presentUser } from './present';
import type { ProfileService } from './profile.service';

/** The signed-in user's own name, e-mail, password and phone (customers and operators). */
export const profileRoutes: FastifyPluginAsync<{ profile: ProfileService }> = async (
  fastify,
  { profile },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];

  // Personal answers: no shared cache may keep them.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  app.patch(
    '/me',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'Change your name and/or e-mail (an e-mail another account has is a 409)',
        body: UpdateProfileBody,
        response: { 200: User },
      },
    },
    async (request) => presentUser(await profile.update(principalOf(request).userId, request.body)),
  );

  app.post(
    '/me/password',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary:
          'Change your password with the current one; every other session of the account ends, this one stays',
        body: ChangePasswordBody,
        response: { 200: PasswordChanged },
      },
    },
    async (request) => {
      const sessionId = sessionIdOf(request);
      // Signed in means a session cookie; this keeps that one session and ends the others.
      if (!sessionId) throw new UnauthorizedError();
      const { otherSessionsEnded } = await profile.changePassword(
        principalOf(request).userId,
        { sessionId, ip: request.ip },
        request.body,
      );
      return {
        message:
          otherSessionsEnded > 0
            ? `Your password is changed. ${String(otherSessionsEnded)} other session${otherSessionsEnded === 1 ? ' was' : 's were'} signed out.`
            : 'Your password is changed.',
        otherSessionsEnded,
      };
    },
  );

  app.post(
    '/me/phone',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary:
          'Send a code by SMS to a new phone number; the number changes only once the code is confirmed',
        body: PhoneChangeBody,
        response: { 202: PhoneChangeStarted },
      },
    },
    async (request, reply) => {
      const { phone, expiresAt } = await profile.requestPhoneChange(
        principalOf(request).userId,
        request.body.phone,
      );
      return reply.code(202).send({
        phone,
        expiresAt: expiresAt.toISOString(),
        message: `A code is on its way by SMS to ${phone}.`,
      });
    },
  );

  app.post(
    '/me/phone/confirm',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'Confirm the new phone number with the code from the SMS; your sessions stay',
        body: PhoneChangeConfirmBody,
        response: { 200: User },
      },
    },
    async (request) =>
      presentUser(await profile.confirmPhoneChange(principalOf(request).userId, request.body.code)),
  );
};
