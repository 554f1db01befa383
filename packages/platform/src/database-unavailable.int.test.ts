import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, ProblemTypes, type Problem } from '@cybertacotruck/contracts';
import { createDatabase, type Database } from '@cybertacotruck/db';
import { adminUrl, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig } from './config';
import { createServer } from './server';
import type { ServiceDefinition } from './service';

/** One route that reads the database, one that sleeps in it, one that calls the first as a peer. */
const probeService: ServiceDefinition = {
  name: 'inventory',
  description: 'probe',
  migrations: { schema: 'probe', migrations: {} },
  routes: async (app, { ctx }) => {
    app.get('/probe', async () => {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(ctx.db.kysely);
      return { one: rows[0]?.one ?? 0 };
    });
    app.get('/probe/sleep', async () => {
      await sql`select pg_sleep(30)`.execute(ctx.db.kysely);
      return { slept: true };
    });
  },
};

const config = parseConfig(BaseConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });

async function terminateBackends(applicationName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
       where application_name = $1 and state = 'active'`,
      [applicationName],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await admin.end();
  }
}

const expectUnavailable = (response: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}) => {
  expect(response.statusCode, response.body).toBe(503);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  expect(response.headers['retry-after']).toBe('5');
  const problem = JSON.parse(response.body) as Problem;
  expect(problem).toMatchObject({ type: ProblemTypes.databaseUnavailable, status: 503 });
  expect(problem.detail).toMatch(/database cannot be reached/);
};

// Only the server has a pool to run dry and connections to lose.
describe('requests while the PostgreSQL server cannot be reached', () => {
  const applicationName = `cybertacotruck-test-${randomBytes(4).toString('hex')}`;
  let test: TestDatabase;
  let db: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    if (test.target.kind !== 'postgres') throw new Error('expected a server database');
    // A pool of one that gives up waiting for it after 200 ms.
    db = await createDatabase({ ...test.target, applicationName, poolMax: 1, connectTimeoutMs: 200 });
    app = await createServer({ config, db, services: [probeService], processName: 'test' });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await test.dispose();
  });

  it('answers 503 problem+json with Retry-After when the pool cannot hand out a connection in time', async () => {
    expect((await app.inject({ url: '/api/v1/probe' })).statusCode).toBe(200);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = db.kysely.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      holding();
      await released;
    });
    await held;
    try {
      expectUnavailable(await app.inject({ url: '/api/v1/probe' }));
      const ready = await app.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ checks: [{ name: 'database', ok: false }] });
    } finally {
      release();
      await holder;
    }
    expect((await app.inject({ url: '/api/v1/probe' })).json()).toEqual({ one: 1 });
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });

  it('answers 503 when the connection is terminated mid-query, and serves the next request', async () => {
    const sleeping = app.inject({ url: '/api/v1/probe/sleep' });
    await expect.poll(() => terminateBackends(applicationName)).toBeGreaterThan(0);
    expectUnavailable(await sleeping);
    expect((await app.inject({ url: '/api/v1/probe' })).json()).toEqual({ one: 1 });
  });
});
