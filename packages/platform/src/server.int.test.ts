import { sql } from 'kysely';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Problem } from '@cybertacotruck/contracts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig } from './config';
import { migrateAll } from './process';
import { createServer } from './server';
import type { ServiceDefinition } from './service';
import type { FastifyInstance } from 'fastify';

/** A small real service: one table, one route that works and one that fails with a revealing error. */
const probeService: ServiceDefinition = {
  name: 'inventory',
  description: 'probe',
  migrations: {
    schema: 'probe',
    migrations: {
      '0001_note': {
        async up(db) {
          await sql`create table probe.note (body text not null)`.execute(db);
        },
      },
    },
  },
  routes: async (app) => {
    app.post(
      '/notes',
      {
        schema: {
          body: Type.Object({ body: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        },
      },
      async (_request, reply) => reply.code(204).send(),
    );
    app.get('/explode', () => {
      throw new Error('relation "secret_internal_table" does not exist at 10.0.0.7');
    });
  },
};

const config = parseConfig(BaseConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });

describe.each(TEST_ENGINES)('platform server on %s', (engine) => {
  let test: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    test = await createTestDatabase(engine);
    app = await createServer({ config, db: test.db, services: [probeService], processName: 'test' });
  });
  afterAll(async () => {
    await app.close();
    await test.dispose();
  });

  it('is live at once, and ready only once migrations are applied', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const before = await app.inject({ url: '/health/ready' });
    expect(before.statusCode).toBe(503);
    const health = before.json<{ status: string; checks: unknown[] }>();
    expect(health.status).toBe('unavailable');
    expect(health.checks).toContainEqual({
      name: 'migrations',
      ok: false,
      detail: 'pending: probe/0001_note',
    });
    await migrateAll(test.db, [probeService]);
    const after = await app.inject({ url: '/health/ready' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({
      status: 'ok',
      checks: [
        { name: 'database', ok: true },
        { name: 'migrations', ok: true },
      ],
    });
  });

  it('answers a 5xx with a generic problem that leaks nothing, and quotes the request id', async () => {
    const response = await app.inject({ url: '/api/v1/explode', headers: { 'x-request-id': 'trace-123' } });
    expect(response.statusCode).toBe(500);
    expect(response.headers['x-request-id']).toBe('trace-123');
    const problem = response.json<Problem>();
    expect(problem).toMatchObject({ type: ProblemTypes.internal, status: 500, requestId: 'trace-123' });
    expect(response.body).not.toMatch(/secret_internal_table|10\.0\.0\.7|stack/);
    expect(problem.detail).toContain('trace-123');
  });

  it('replaces an unusable incoming request id with its own', async () => {
    const response = await app.inject({
      url: '/health/live',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/v1/nothing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<Problem>()).toMatchObject({
      type: ProblemTypes.notFound,
      detail: 'There is no DELETE /api/v1/nothing here.',
      instance: '/api/v1/nothing',
    });
  });

  it('refuses an oversized body with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/notes',
      payload: { body: 'x'.repeat(1024 * 1024 + 10) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json<Problem>().type).toBe(ProblemTypes.payloadTooLarge);
  });

  it('serves Prometheus metrics labelled by route pattern', async () => {
    await app.inject({ url: '/health/live' });
    const response = await app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} \d+/,
    );
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('publishes OpenAPI built from the route schemas, with problem responses, and a browsable UI', async () => {
    const spec = (await app.inject({ url: '/api/docs/json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    }>();
    expect(spec.openapi).toBe('3.1.0');
    const notes = spec.paths['/api/v1/notes']?.post;
    expect(notes?.requestBody).toBeDefined();
    expect(Object.keys(notes?.responses ?? {})).toEqual(expect.arrayContaining(['4XX', '5XX']));
    const ui = await app.inject({ url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
