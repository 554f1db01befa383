import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTeslaSim } from './sim';

describe('simulator state across restarts (statePath)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tesla-sim-state-'));
  const statePath = join(dir, 'nested', 'tesla-sim.json');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const vehicles = (url: string, token: string) =>
    fetch(`${url}/fleet/na/api/1/vehicles`, { headers: { authorization: `Bearer ${token}` } });

  it('comes back on the same port honouring the tokens it issued, refresh tokens still single-use', async () => {
    const first = await startTeslaSim({ port: 0, clock: 'manual', statePath });
    const tokens = await first.issueTokens();
    const url = first.url;
    await first.close();
    expect(statSync(statePath).mode & 0o777).toBe(0o600);

    const second = await startTeslaSim({ clock: 'manual', statePath });
    try {
      expect(second.url).toBe(url);
      expect((await vehicles(second.url, tokens.accessToken)).status).toBe(200);
      const refresh = () =>
        fetch(second.oauth.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            client_id: second.oauth.clientId,
            refresh_token: tokens.refreshToken,
          }).toString(),
        });
      expect((await refresh()).status).toBe(200);
      expect((await refresh()).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('without a state file, a restart forgets every token', async () => {
    const first = await startTeslaSim({ port: 0, clock: 'manual' });
    const tokens = await first.issueTokens();
    await first.close();
    const second = await startTeslaSim({ port: 0, clock: 'manual' });
    try {
      expect((await vehicles(second.url, tokens.accessToken)).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
