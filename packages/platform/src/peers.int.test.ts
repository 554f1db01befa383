import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER, ProblemTypes } from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { ConflictError } from './errors';
import { BaseConfigSchema, parseConfig } from './config';
import { PeerError, requireInternal } from './peers';
import { createServer } from './server';
import type { ServiceDefinition } from './service';

/** A peer with one internal route (echoes, or refuses with a 409 problem) and nothing public. */
const callee: ServiceDefinition = {
  name: 'inventory',
  description: 'callee',
  migrations: { schema: 'peer_callee', migrations: {} },
  routes: async (app) => {
    app.post(
      '/internal/echo',
      {
        onRequest: requireInternal,
        schema: {
          querystring: Type.Object({ n: Type.Integer() }),
          body: Type.Object({ word: Type.String() }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const { word } = request.body as { word: string };
        if (word === 'taken') throw new ConflictError('That word is taken.', ProblemTypes.vehicleUnavailable);
        return { word, n: (request.query as { n: number }).n };
      },
    );
  },
};
const caller: ServiceDefinition = {
  name: 'reservation',
  description: 'caller',
  migrations: { schema: 'peer_caller', migrations: {} },
  routes: async () => {},
};

const call = (app: FastifyInstance, word: string) =>
  app.peers.call<{ word: string; n: number }>('inventory', {
    method: 'POST',
    path: '/internal/echo',
    query: { n: 7 },
    body: { word },
  });

describe('service-to-service calls (ctx.peers)', () => {
  let db: TestDatabase;
  const apps: FastifyInstance[] = [];
  const server = async (services: ServiceDefinition[], env: Record<string, string> = {}) => {
    const config = parseConfig(BaseConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    const app = await createServer({ config, db: db.db, services, processName: 'peers', env });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await db.dispose();
  });

  it('calls a service mounted in the same process without a socket, with the process token', async () => {
    const app = await server([callee, caller]);
    expect(await call(app, 'hello')).toEqual({ status: 200, body: { word: 'hello', n: 7 } });
    // A browser (no token, or a guessed one) is refused the internal route.
    const payload = { word: 'hi' };
    expect((await app.inject({ method: 'POST', url: '/api/v1/internal/echo?n=1', payload })).statusCode).toBe(
      403,
    );
    const guessed = await app.inject({
      method: 'POST',
      url: '/api/v1/internal/echo?n=1',
      payload,
      headers: { [INTERNAL_TOKEN_HEADER]: 'a-guess-of-the-token-0000' },
    });
    expect(guessed.statusCode).toBe(403);
  });

  it("passes a peer's 4xx problem on as it is, with its type", async () => {
    const app = await server([callee, caller]);
    const failure = await call(app, 'taken').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PeerError);
    expect(failure).toMatchObject({
      status: 409,
      type: ProblemTypes.vehicleUnavailable,
      detail: 'That word is taken.',
    });
  });

  it('calls a service in another process over HTTP at <SERVICE>_URL with the shared INTERNAL_TOKEN', async () => {
    const INTERNAL_TOKEN = 'shared-internal-token-0123456789';
    const remote = await server([callee], { INTERNAL_TOKEN });
    const address = await remote.listen({ host: '127.0.0.1', port: 0 });
    const local = await server([caller], { INTERNAL_TOKEN, INVENTORY_URL: address });
    expect(await call(local, 'over-http')).toEqual({ status: 200, body: { word: 'over-http', n: 7 } });
    await expect(call(local, 'taken')).rejects.toMatchObject({
      status: 409,
      type: ProblemTypes.vehicleUnavailable,
    });

    // A process with another token is refused; one with no URL for the peer, or a peer that is down, gets 503.
    const stranger = await server([caller], {
      INTERNAL_TOKEN: 'another-token-0123456789',
      INVENTORY_URL: address,
    });
    await expect(call(stranger, 'x')).rejects.toMatchObject({ status: 403, type: ProblemTypes.forbidden });
    const lost = await server([caller], { INTERNAL_TOKEN });
    await expect(call(lost, 'x')).rejects.toMatchObject({ status: 503, type: ProblemTypes.unavailable });
    await remote.close();
    await expect(call(local, 'x')).rejects.toMatchObject({ status: 503, type: ProblemTypes.unavailable });
  });
});
