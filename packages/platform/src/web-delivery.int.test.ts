import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig } from './config';
import { createServer } from './server';
import type { ServiceDefinition } from './service';

const INTERNAL_TOKEN = 'internal-token-0123456789';
const SCRIPT = `export const cars = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `car ${String(i)}`))};\n`;
const ITEMS = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `Vehicle number ${String(i)}` }));

const probe: ServiceDefinition = {
  name: 'inventory',
  description: 'probe',
  migrations: { schema: 'web_delivery_probe', migrations: {} },
  routes: async (app) => {
    app.get('/big', async () => ({ items: ITEMS }));
    app.get('/small', async () => ({ ok: true }));
  },
};

// How the embedded host and the BFF deliver the web app and the API: precompressed static files,
// compressed JSON, immutable hashed assets and a shell that is always revalidated.
describe('web delivery: compression and caching', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const webRoot = mkdtempSync(join(tmpdir(), 'ctt-web-delivery-'));

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>app</title>');
    mkdirSync(join(webRoot, 'assets'));
    const script = join(webRoot, 'assets', 'index-abc123.js');
    writeFileSync(script, SCRIPT);
    // What the build writes beside each file (apps/web/vite.config.ts): marked so the test can
    // tell the precompressed file from one compressed on the fly.
    writeFileSync(`${script}.br`, brotliCompressSync(`${SCRIPT}// br\n`));
    writeFileSync(`${script}.gz`, gzipSync(`${SCRIPT}// gz\n`));
    app = await createServer({
      config: parseConfig(BaseConfigSchema, { LOG_LEVEL: 'silent', INTERNAL_TOKEN }),
      db: testDb.db,
      services: [probe],
      env: {},
      webRoot,
      processName: 'web-delivery-test',
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await testDb.dispose();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends the precompressed file the browser accepts, brotli first, cached for a year', async () => {
    const br = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(`${SCRIPT}// br\n`);

    const gz = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(`${SCRIPT}// gz\n`);

    const plain = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('makes the shell revalidate, on its own path and on every client route', async () => {
    for (const url of ['/', '/browse', '/reservations/0b7c2f7e-2c55-4c38-9d8c-6f1a0e1a2b3c']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('compresses JSON answers over 1 KiB with brotli or gzip, and leaves small ones alone', async () => {
    const br = await app.inject({ url: '/api/v1/big', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual({ items: ITEMS });
    expect(br.rawPayload.length).toBeLessThan(JSON.stringify({ items: ITEMS }).length / 3);

    const gz = await app.inject({ url: '/api/v1/big', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual({ items: ITEMS });

    const none = await app.inject({ url: '/api/v1/big' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.json()).toEqual({ items: ITEMS });

    const small = await app.inject({ url: '/api/v1/small', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
  });

  it('compresses problem+json errors too, as the client reads them', async () => {
    const response = await app.inject({ url: '/api/v1/nowhere', headers: { 'accept-encoding': 'br' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    const body =
      response.headers['content-encoding'] === 'br'
        ? brotliDecompressSync(response.rawPayload)
        : response.rawPayload;
    expect(JSON.parse(body.toString())).toMatchObject({ status: 404 });
  });
});
