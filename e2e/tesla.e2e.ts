import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LiveFleet, VirtualKeyOverview } from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import { DEMO_OPERATOR, operatorHeaders } from './support/operator';

// A fresh `npm start` (embedded, no Tesla configuration → the built-in simulator), driven in Chromium.
describe('operator connects Tesla and watches the fleet live', () => {
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let page: Page;
  let simUrl = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-tesla-'));
    app = await startApp(appEnv());
    browser = await launchChromium();
    page = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The grace Kubernetes gives a pod (30 s), not the 10 s default: this file checks that the
  // connection survives a restart, graceful-shutdown.e2e.ts checks how fast a drain is. Two
  // fresh-clone CI runs saw this app overrun 10 s here (not reproduced locally: its close takes
  // 60–220 ms); a slow close now logs 'shutdown is slow' with the step and the stops it waits for.
  const appEnv = () => ({ DATA_DIR: dataDir, TESLA_SYNC_TICK_MS: '1000', SHUTDOWN_GRACE_MS: '30000' });

  const sim = (path: string, body: unknown) =>
    fetch(`${simUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('signs in on the Tesla page and comes back connected with the fleet imported', async () => {
    // Straight to the operator area: it asks for a sign-in first, then returns there.
    await page.goto(`${app.url}/operator`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Phone or e-mail').fill(DEMO_OPERATOR.phone);
    await page.getByLabel('Password').fill(DEMO_OPERATOR.password);
    await page.screenshot({ path: screenshotPath('phone-sign-in'), fullPage: true });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/operator`);
    await page.getByRole('link', { name: 'Connect Tesla' }).click();
    await page.waitForURL(`${app.url}/operator/tesla`);
    await expect.poll(() => page.getByText('Simulator mode.').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-tesla-connect'), fullPage: true });

    await page.getByRole('button', { name: 'Connect Tesla' }).click();
    await page.waitForURL(/\/oauth2\/v3\/authorize/);
    simUrl = new URL(page.url()).origin;
    expect(simUrl).not.toBe(app.url);
    await page.getByLabel('Email').fill('demo@tesla-sim.test');
    await page.getByLabel('Password').fill('cybertaco');
    await page.screenshot({ path: screenshotPath('phone-tesla-sign-in'), fullPage: true });
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.waitForURL(/\/operator\/tesla\?connected=/);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'connected' }).textContent())
      .toMatch(/Tesla account connected\. 8 vehicles imported\./);
    await expect.poll(() => page.getByText('Connected', { exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-tesla-connected'), fullPage: true });
  });

  it('shows which cars lack the virtual key, pairs one through the link, and sees it stream', async () => {
    const keys = async () =>
      (await (
        await fetch(`${app.url}/api/v1/tesla/virtual-key`, { headers: await operatorHeaders(app.url) })
      ).json()) as VirtualKeyOverview;
    const panel = page.getByRole('list', { name: 'Vehicle keys' });
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(8);
    // The demo fleet: two cars without the app's key, one on firmware too old to stream.
    await expect.poll(() => panel.getByText('Key not paired').count()).toBe(2);
    const tooOld = panel.locator('li').filter({ hasText: 'Skipped: firmware too old to stream' });
    expect(await tooOld.count()).toBe(1);
    const link = page.getByRole('link', { name: /\/_ak\// });
    const pairingUrl = await link.getAttribute('href');
    expect(pairingUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_ak\/127\.0\.0\.1$/);
    expect(await page.getByRole('img', { name: /QR code of the pairing link/ }).isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('heading', { name: 'Virtual key' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-tesla-virtual-keys'), fullPage: true });

    // The owner opens the link on the phone in the car and adds the key to one car.
    const unpaired = (await keys()).vehicles.find((v) => v.keyPaired === false);
    if (!unpaired) throw new Error('no unpaired car');
    const phone = await page.context().newPage();
    await phone.goto(pairingUrl ?? '');
    await phone.getByRole('button', { name: `Add key to ${unpaired.displayName}` }).click();
    await expect.poll(() => phone.getByRole('status').textContent()).toContain(unpaired.vin);
    await phone.close();

    // Back on the operator's page: check now, the car is paired and configured to stream.
    const row = panel.locator(`[data-vin="${unpaired.vin}"]`);
    await page.getByRole('button', { name: 'I paired a car: check now' }).click();
    await expect.poll(() => row.getByText('Key paired').count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => row.textContent(), { timeout: 15_000 })
      .toMatch(/Configured, waiting for the car to connect|Streaming \(synced\)/);
    // The car wakes (its owner drives off): it takes the configuration and streams; the next
    // check sees its records and calls it synced.
    expect((await sim(`/sim/vehicles/${unpaired.vin}/drive`, { minutes: 30 })).status).toBe(204);
    expect((await sim('/sim/clock/advance', { ms: 60_000 })).status).toBe(200);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'I paired a car: check now' }).click();
          return row.getByText('Streaming (synced)').count();
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe(1);
    await expect.poll(() => panel.getByText('Key not paired').count()).toBe(1);
    expect(await tooOld.count()).toBe(1);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-tesla-virtual-key-paired'), fullPage: true });
  });

  it('shows the fleet on a map and a list whose figures change without a reload', async () => {
    await page.getByRole('link', { name: 'Live', exact: true }).click();
    const rows = page.getByRole('list', { name: 'Live vehicles' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(8);
    // Cars awake at import are read once and appear on the map; asleep ones are never woken for it.
    await expect
      .poll(() => page.locator('.leaflet-interactive').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('phone-live-fleet'), fullPage: true });

    // The owner drives one car (in the simulator); the page follows on its own.
    const fleet = (await (
      await fetch(`${app.url}/api/v1/fleet/live`, { headers: await operatorHeaders(app.url) })
    ).json()) as LiveFleet;
    const car = fleet.items.find((i) => i.live?.activity !== 'driving')?.vehicle;
    if (!car) throw new Error('no parked car to drive');
    const row = page.locator(`[data-vin="${car.vin}"]`);
    expect(await row.getByText('Driving').count()).toBe(0);
    expect((await sim(`/sim/vehicles/${car.vin}/drive`, { minutes: 45 })).status).toBe(204);
    expect((await sim('/sim/clock/advance', { ms: 5 * 60_000 })).status).toBe(200);
    await expect.poll(() => row.getByText('Driving').count(), { timeout: 30_000 }).toBe(1);

    await row.getByRole('link', { name: car.displayName }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(car.displayName);
    const odometer = page.getByRole('definition').nth(7);
    const before = await odometer.textContent();
    expect((await sim('/sim/clock/advance', { ms: 10 * 60_000 })).status).toBe(200);
    await expect.poll(() => odometer.textContent(), { timeout: 30_000 }).not.toBe(before);
    await page.screenshot({ path: screenshotPath('phone-live-vehicle'), fullPage: true });
  });

  it('shows what the Tesla calls cost, with no wake-ups', async () => {
    await page.getByRole('link', { name: 'Costs' }).click();
    await expect.poll(() => page.getByRole('table').isVisible()).toBe(true);
    const wakes = page.locator('.stat').filter({ hasText: 'Wakes' }).locator('.stat-value');
    expect(await wakes.textContent()).toBe('0');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('phone-tesla-costs'), fullPage: true });
  });

  it('keeps the Tesla connection across a restart of the app (and of its simulator)', async () => {
    expect(await app.stop(), `exit code; the app said:\n${app.output().slice(-4000)}`).toBe(0);
    app = await startApp(appEnv());
    // No body on these calls, so no JSON content type either.
    const { 'content-type': _json, ...headers } = await operatorHeaders(app.url);
    const list = (await (await fetch(`${app.url}/api/v1/tesla/connections`, { headers })).json()) as {
      items: { id: string; status: string }[];
    };
    const [connection] = list.items;
    if (!connection) throw new Error('connection lost');
    const sync = await fetch(`${app.url}/api/v1/tesla/connections/${connection.id}/sync`, {
      method: 'POST',
      headers,
    });
    expect(sync.status).toBe(200);
    const body = (await sync.json()) as { error?: string };
    expect(body.error, body.error).toBeUndefined();
    const after = (await (await fetch(`${app.url}/api/v1/tesla/connections`, { headers })).json()) as {
      items: { status: string }[];
    };
    expect(after.items[0]?.status).toBe('connected');
  });
});
