import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  Accepted,
  Me,
  PasswordResetBody,
  PasswordResetConfirmBody,
  SignInBody,
} from '@cybertacotruck/contracts';
import { principalOf, requireSignedIn, UnauthorizedError } from '@cybertacotruck/platform';
import { presentUser } from '../users/present';
import type { UsersService } from '../users/users.service';
import type { AuthService } from './auth.service';
import type { PasswordResetService } from './password-reset.service';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './session-cookie';
import type { SessionsService } from './sessions.service';

export const authRoutes: FastifyPluginAsync<{
  auth: AuthService;
  sessions: SessionsService;
  users: UsersService;
  passwordReset: PasswordResetService;
  production: boolean;
}> = async (fastify, { auth, sessions, users, passwordReset, production }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];
  const cookie = { maxAgeMs: sessions.maxAgeMs, production };
  const noContent = { 204: Type.Null() };

  // Who is signed in is personal: no shared cache may keep these answers.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  app.post(
    '/auth/sign-in',
    {
      schema: {
        tags,
        summary: 'Sign in with phone or e-mail and password; sets the session cookie',
        body: SignInBody,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const { user, session } = await auth.signIn(request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, session.sessionId, cookie);
      return {
        user: presentUser(user),
        csrfToken: session.csrfToken,
        sessionExpiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags, summary: 'End this session', response: noContent } },
    async (request, reply) => {
      const sessionId = sessionIdOf(request);
      if (sessionId && request.principal) await sessions.signOut(sessionId);
      clearSessionCookie(request, reply, production);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'End every session of the signed-in user, this one included',
        response: noContent,
      },
    },
    async (request, reply) => {
      await sessions.signOutEverywhere(principalOf(request).userId);
      clearSessionCookie(request, reply, production);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token for state-changing calls',
        response: { 200: Me },
      },
    },
    async (request) => {
      const sessionId = sessionIdOf(request);
      const resolved = sessionId && request.principal ? await sessions.resolve(sessionId) : null;
      if (!resolved) throw new UnauthorizedError();
      return {
        user: presentUser(await users.get(resolved.principal.userId)),
        csrfToken: resolved.csrfToken,
        sessionExpiresAt: resolved.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Send a reset code by SMS to the account with this phone (202 whether or not it exists)',
        body: PasswordResetBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await passwordReset.request(request.body.phone);
      return reply
        .code(202)
        .send({ message: 'If an account has this phone number, a reset code is on its way by SMS.' });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password with the SMS code; ends every session of the account',
        body: PasswordResetConfirmBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await passwordReset.confirm(request.body);
      clearSessionCookie(request, reply, production);
      return reply.code(204).send(null);
    },
  );
};
