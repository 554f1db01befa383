import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext } from './support/browser';
import { addPricedVehicle } from './support/customer';
import { reportVehicleStatus } from './support/live-status';
import { DEMO_OPERATOR, openOperatorTab, signInAsOperator } from './support/operator';
import { expectNoHorizontalOverflow, snap } from './support/phone';

// The operator's day and live updates at phone size, against the built app on a PostgreSQL server
// (so the test can play the telemetry's part: a live state and its status event in inventory's
// outbox, committed together, as the ingest does). No page is reloaded after it opens.
describe("the operator's day and live updates at phone size", () => {
  let database: TestDatabase;
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const cars: Record<'a' | 'b', { id: string; vin: string; displayName: string }> = {
    a: { id: '', vin: '5YJ3E1EA7PF900001', displayName: 'Day Three' },
    b: { id: '', vin: '7SAYGDEE1PA900002', displayName: 'Day Why' },
  };

  const run = (query: ReturnType<typeof sql>) => query.execute(database.db.kysely);
  /** What the telemetry ingest commits: the live state and its status event, in one transaction. */
  const report = (car: (typeof cars)['a'], battery: number, o: { state: boolean }) =>
    reportVehicleStatus(database.db.kysely, car, battery, o);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('expected a server database');
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-operator-day-'));
    app = await startApp({
      DATABASE_URL: database.target.url,
      DATA_DIR: dataDir,
      OPERATOR_PHONE: DEMO_OPERATOR.phone,
      OPERATOR_PASSWORD: DEMO_OPERATOR.password,
      TESLA_SYNC: 'false',
    });
    cars.a.id = (
      await addPricedVehicle(app.url, { vin: cars.a.vin, model: 'model_3', displayName: cars.a.displayName })
    ).id;
    cars.b.id = (
      await addPricedVehicle(app.url, { vin: cars.b.vin, model: 'model_y', displayName: cars.b.displayName })
    ).id;
    await report(cars.a, 90, { state: true });
    await report(cars.b, 60, { state: true });
    // Both within Austin, so the live map has somewhere to put them.
    await run(
      sql`update inventory.vehicle_live_state set latitude = 30.2672, longitude = -97.7431 where vehicle_id = ${cars.a.id}`,
    );
    await run(
      sql`update inventory.vehicle_live_state set latitude = 30.2747, longitude = -97.7404 where vehicle_id = ${cars.b.id}`,
    );
    browser = await launchChromium();
    page = await (await newContext(browser, 'phone')).newPage();
    await signInAsOperator(page, app.url);
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const count = (key: string) => page.locator(`[data-count="${key}"] .stat-value`).textContent();

  it('shows the day at a glance, and a status change arrives without a reload', async () => {
    await openOperatorTab(page, 'Today');
    await expect.poll(() => page.title()).toBe('Today · cybertacotruck');
    await expect.poll(() => count('available')).toBe('2');
    expect(await count('low')).toBe('0');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Utilisation/ }).count()).toBe(1);
    expect(await page.getByText('No pickups.').count()).toBe(2);
    await expectNoHorizontalOverflow(page);
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'operator-day');

    const url = page.url();
    await report(cars.a, 12, { state: true });
    await expect.poll(() => count('low'), { timeout: 10_000 }).toBe('1');
    expect(page.url()).toBe(url);
  });

  it('updates the live fleet from the stream (not a re-read), with labelled map pins', async () => {
    await openOperatorTab(page, 'Live');
    const row = page.locator(`li.live-row[data-vin="${cars.b.vin}"]`);
    await expect.poll(() => row.textContent()).toContain('60%');
    await expect.poll(() => page.getByText('Live', { exact: true }).count()).toBeGreaterThan(0);
    // Only the event says 33%: the stored live state still says 60, so a re-read would not.
    await report(cars.b, 33, { state: false });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('33%');
    expect(await page.locator('.leaflet-marker-icon[title="Day Why · Parked"]').count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Map key' }).textContent()).toContain('Parked');
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'operator-live-stream');
  });

  it('asks before taking a car out of service', async () => {
    await openOperatorTab(page, 'Vehicles');
    const row = page
      .getByRole('list', { name: 'Fleet vehicles' })
      .getByRole('listitem')
      .filter({ hasText: cars.a.displayName });
    await row.getByRole('button', { name: /^Take out/ }).click();
    const dialog = page.getByRole('dialog', { name: `Take ${cars.a.displayName} out of service?` });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'operator-take-out-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.getByText('In service', { exact: true }).count()).toBe(1);

    await row.getByRole('button', { name: /^Take out/ }).click();
    await dialog.getByRole('button', { name: 'Take out of service' }).click();
    await expect.poll(() => row.getByText('Out of service', { exact: true }).count()).toBe(1);
  });

  it("adds and removes maintenance on a vehicle's calendar", async () => {
    await page
      .getByRole('list', { name: 'Fleet vehicles' })
      .getByRole('link', { name: cars.b.displayName, exact: true })
      .click();
    const calendar = page.getByRole('region', { name: 'Calendar' });
    await calendar.getByText('Nothing booked or blocked.').waitFor();
    const day = (days: number, hour: string) =>
      `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hour}`;
    await calendar.getByLabel('From').fill(day(3, '09:00'));
    await calendar.getByLabel('Until').fill(day(4, '17:00'));
    await calendar.getByLabel('Note (optional)').fill('Tyres');
    await calendar.getByRole('button', { name: 'Add maintenance' }).click();
    const claims = calendar.getByRole('list', { name: 'Bookings and maintenance' });
    await expect.poll(() => claims.textContent()).toContain('Tyres');
    expect(await claims.textContent()).toContain('Maintenance');
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'operator-vehicle-calendar');
    await claims.getByRole('button', { name: /^Remove/ }).click();
    await calendar.getByText('Nothing booked or blocked.').waitFor();
  });
});
