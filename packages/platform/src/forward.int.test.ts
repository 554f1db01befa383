import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig } from './config';
import { ownerOfPath, registerForwarding, ROUTE_OWNERS } from './forward';
import { createServer } from './server';
import type { ServiceDefinition } from './service';

/** A stand-in for the reservation service: echoes what reached it, sets a cookie. */
const upstream: ServiceDefinition = {
  name: 'reservation',
  description: 'upstream',
  migrations: { schema: 'forward_upstream', migrations: {} },
  routes: async (app) => {
    app.post('/reservations', async (request, reply) => {
      void reply.header('set-cookie', 'ctt_session=from-upstream; Path=/; HttpOnly');
      return reply.code(201).send({
        body: request.body,
        headers: request.headers,
        requestId: request.id,
        host: request.host,
      });
    });
    app.get('/quotes', async (request) => ({ query: request.query }));
  },
};
const bff: ServiceDefinition = {
  name: 'inventory',
  description: 'the BFF',
  migrations: { schema: 'forward_bff', migrations: {} },
  routes: async (app) => {
    app.get('/vehicles', async () => ({ items: [] }));
  },
};

describe('the BFF forwards the API of services in other processes', () => {
  let db: TestDatabase;
  const apps: FastifyInstance[] = [];
  const server = async (services: ServiceDefinition[]) => {
    const config = parseConfig(BaseConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await createServer({ config, db: db.db, services, processName: 'forward', env: {} });
    apps.push(app);
    return app;
  };
  let front: FastifyInstance;
  let back: FastifyInstance;
  let frontUrl = '';

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    back = await server([upstream]);
    const backUrl = await back.listen({ host: '127.0.0.1', port: 0 });
    front = await server([bff]);
    const forwarded = await registerForwarding(front, {
      forwardTo: { reservation: backUrl, inventory: 'http://127.0.0.1:1' },
      mounted: new Set(['inventory']),
    });
    expect(forwarded).toEqual(['reservation']);
    frontUrl = await front.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await db.dispose();
  });

  it('passes body, cookies, Set-Cookie, the query and the request id through; keeps the host', async () => {
    const response = await fetch(`${frontUrl}/api/v1/reservations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'theme=dark',
        'x-request-id': 'req-forward-1',
        'x-internal-token': 'a browser may not pass this on',
      },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toContain('ctt_session=from-upstream');
    expect(response.headers.get('x-request-id')).toBe('req-forward-1');
    const seen = (await response.json()) as {
      body: unknown;
      headers: Record<string, string>;
      requestId: string;
      host: string;
    };
    expect(seen.body).toEqual({ hello: 'world' });
    expect(seen.requestId).toBe('req-forward-1');
    expect(seen.headers.cookie).toBe('theme=dark');
    expect(seen.headers['x-internal-token']).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.host).toBe(new URL(frontUrl).host);

    const quotes = await fetch(`${frontUrl}/api/v1/quotes?from=2026-12-01&model=Y`);
    expect(await quotes.json()).toEqual({ query: { from: '2026-12-01', model: 'Y' } });
    // Its own routes it answers itself; a family no one owns is a 404 here.
    expect((await fetch(`${frontUrl}/api/v1/vehicles`)).status).toBe(200);
    expect((await fetch(`${frontUrl}/api/v1/nobody-owns-this`)).status).toBe(404);
  });

  it('answers 503 problem+json when the service does not answer', async () => {
    await back.close();
    const response = await fetch(`${frontUrl}/api/v1/quotes`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 503, type: ProblemTypes.unavailable });
  });

  it('maps paths to their service by the first segment; internal routes are never forwarded', () => {
    expect(ownerOfPath('/api/v1/reservations/abc/cancel')).toBe('reservation');
    expect(ownerOfPath('/api/v1/notifications/dev-inbox?to=1')).toBe('notification');
    expect(ownerOfPath('/api/v1/dev-inbox?to=1')).toBeUndefined();
    expect(ownerOfPath('/api/v1/internal/users/1/preferences')).toBe('internal');
    expect(ownerOfPath('/api/v1/unknown')).toBeUndefined();
    expect(Object.keys(ROUTE_OWNERS)).not.toContain('internal');
  });
});
