import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AuthorizeResponse, TeslaConnectionList } from '@cybertacotruck/contracts';
import { SecretBox } from '@cybertacotruck/platform';
import { asOperator, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService, inProcessTelemetry, simulatedTesla } from '../../index';

// Everything logged at trace level during a sign-in, a sync and a token refresh, searched for secrets.
describe('Tesla secrets never reach the logs', () => {
  const key = SecretBox.generateKey();
  const lines: string[] = [];
  let t: TestApp;
  let sim: TeslaSim;

  beforeAll(async () => {
    sim = await startTeslaSim();
    const inventory = createInventoryService({
      tesla: async (_ctx, config) => ({
        port: simulatedTesla(sim.oauth, config),
        telemetry: inProcessTelemetry(sim.telemetry),
      }),
    });
    t = await createTestApp(
      'pglite',
      [principalStub, inventory],
      { SECRET_KEYS: `logtest:${key}`, TESLA_SYNC: 'false' },
      { logLevel: 'trace', logStream: { write: (line) => void lines.push(line) } },
    );
  });
  afterAll(async () => {
    await t.dispose();
    await sim.close();
  });

  it('logs no access token, refresh token, authorization code, state or PKCE verifier', async () => {
    const { authorizeUrl } = (
      await t.app.inject({ headers: asOperator, method: 'POST', url: '/api/v1/tesla/connections/authorize' })
    ).json<AuthorizeResponse>();
    const back = await signInThroughPages(authorizeUrl);
    const code = back.searchParams.get('code') ?? '';
    const state = back.searchParams.get('state') ?? '';
    expect(code.length).toBeGreaterThan(10);
    expect(
      (await t.app.inject({ headers: asOperator, url: `/api/v1/tesla/callback${back.search}` })).statusCode,
    ).toBe(302);

    const [connection] = (
      await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/connections' })
    ).json<TeslaConnectionList>().items;
    if (!connection) throw new Error('not connected');
    // Force a refresh: the stored access token is made to look expired.
    await sql`update inventory.tesla_connection set access_token_expires_at = now() - interval '1 hour'`.execute(
      t.db.kysely,
    );
    expect(
      (
        await t.app.inject({
          headers: asOperator,
          method: 'POST',
          url: `/api/v1/tesla/connections/${connection.id}/sync`,
        })
      ).statusCode,
    ).toBe(200);

    const box = SecretBox.fromKeyring(`logtest:${key}`);
    const row = (
      await sql<{ a: string; r: string }>`
        select access_token_sealed as a, refresh_token_sealed as r from inventory.tesla_connection`.execute(
        t.db.kysely,
      )
    ).rows[0];
    if (!row) throw new Error('no row');
    const access = box.open(row.a, `tesla_connection:${connection.id}:access`);
    const refresh = box.open(row.r, `tesla_connection:${connection.id}:refresh`);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('/api/v1/tesla/callback'); // the callback was logged…
    for (const secret of [access, refresh, code, state]) expect(log).not.toContain(secret); // …without its secrets
    expect(log).not.toContain(access.split('.')[1] ?? 'unreachable');
  });
});
