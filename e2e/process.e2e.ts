import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Vehicle, VehicleList } from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { runApp, startApp } from './support/app-process';
import { DEMO_OPERATOR, operatorHeaders } from './support/operator';

const dataDir = mkdtempSync(join(tmpdir(), 'ctt-e2e-data-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const newVehicle = (vin: string) => ({ vin, model: 'model_y', displayName: `Car ${vin.slice(-3)}` });

async function postVehicle(url: string, vin: string): Promise<Vehicle> {
  const response = await fetch(`${url}/api/v1/vehicles`, {
    method: 'POST',
    headers: await operatorHeaders(url),
    body: JSON.stringify(newVehicle(vin)),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Vehicle;
}

describe('the embedded app as a process', () => {
  it('starts with no configuration on embedded PostgreSQL, keeps data across a graceful restart', async () => {
    const first = await startApp({ DATA_DIR: dataDir });
    const ready = await fetch(`${first.url}/health/ready`);
    expect(ready.status).toBe(200);
    const created = await postVehicle(first.url, '7SAYGDEE1PF000101');
    expect(await first.stop(), `exit code; the app said:\n${first.output().slice(-4000)}`).toBe(0);

    const second = await startApp({ DATA_DIR: dataDir });
    const list = (await (await fetch(`${second.url}/api/v1/vehicles`)).json()) as VehicleList;
    expect(list.items.map((v) => v.id)).toContain(created.id);
    const page = await fetch(`${second.url}/operator`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(await second.stop(), `exit code; the app said:\n${second.output().slice(-4000)}`).toBe(0);
  });

  it('uses the PostgreSQL server when DATABASE_URL is set', async () => {
    const server: TestDatabase = await createTestDatabase('postgres');
    try {
      if (server.target.kind !== 'postgres') throw new Error('expected a server database');
      // A server database gets no demo operator: the first operator comes from configuration.
      const app = await startApp({
        DATABASE_URL: server.target.url,
        DATA_DIR: join(dataDir, 'unused'),
        OPERATOR_PHONE: DEMO_OPERATOR.phone,
        OPERATOR_PASSWORD: DEMO_OPERATOR.password,
      });
      await postVehicle(app.url, '5YJXCAE29LF000102');
      expect(await app.stop(), `exit code; the app said:\n${app.output().slice(-4000)}`).toBe(0);
      const client = new pg.Client({ connectionString: server.target.url });
      await client.connect();
      const { rows } = await client.query<{ vin: string }>('select vin from inventory.vehicle');
      await client.end();
      expect(rows).toEqual([{ vin: '5YJXCAE29LF000102' }]);
    } finally {
      await server.dispose();
    }
  });

  it('refuses to start on a malformed PORT or DATABASE_URL, naming each key', async () => {
    const { code, output } = await runApp({ PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(code).toBe(78);
    expect(output).toContain('PORT: got "eighty"; expected a TCP port number, 0-65535');
    expect(output).toMatch(/DATABASE_URL: got a value that does not parse; expected a PostgreSQL URL/);
    expect(output).not.toContain('hunter2');
  });

  it('refuses to start in production with no Tesla configured: the simulator only when TESLA_SIMULATOR=true', async () => {
    const { code, output } = await runApp({ NODE_ENV: 'production', DATA_DIR: join(dataDir, 'production') });
    expect(code).toBe(78);
    expect(output).toContain('embedded: Invalid configuration');
    expect(output).toMatch(/NODE_ENV=production and no Tesla is configured: .* or TESLA_SIMULATOR=true/);
  });

  it('runs migrations alone with --migrate-only (the Kubernetes Job)', async () => {
    const dir = join(dataDir, 'migrate-only');
    const first = await runApp({ DATA_DIR: dir }, ['--migrate-only']);
    expect(first.code).toBe(0);
    expect(first.output).toContain('inventory: applied 0001_vehicles');
    const again = await runApp({ DATA_DIR: dir }, ['--migrate-only']);
    expect(again.output).toContain('inventory: up to date');
  });
});
