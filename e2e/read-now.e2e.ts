import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import { signInAsOperator } from './support/operator';

// Issue 15 item 5 on a phone: cars asleep since they were connected show what the vehicle list
// gives and offer "Read now"; one tap wakes the car once and reads it.
describe('operator reads a car asleep since it was connected', () => {
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let page: Page;
  let simUrl = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-read-now-'));
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC_TICK_MS: '1000', TESLA_READ_NOW_POLL_MS: '500' });
    browser = await launchChromium();
    page = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects the simulator, offers "Read now" for asleep cars and reads one when asked', async () => {
    await signInAsOperator(page, app.url);
    await page.goto(`${app.url}/operator/tesla`);
    await page.getByRole('button', { name: 'Connect Tesla' }).click();
    await page.waitForURL(/\/oauth2\/v3\/authorize/);
    simUrl = new URL(page.url()).origin;
    await page.getByLabel('Email').fill('demo@tesla-sim.test');
    await page.getByLabel('Password').fill('cybertaco');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/\/operator\/tesla\?connected=/);

    await page.getByRole('link', { name: 'Live', exact: true }).click();
    const rows = page.getByRole('list', { name: 'Live vehicles' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(8);
    const offers = page.getByRole('button', { name: /^Read now — wakes the car, about \$0\.02: / });
    await expect.poll(() => offers.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByText('never woken to be read').count()).toBe(0);
    // An asleep one (a car that woke since the import is offered a read too, without a wake).
    const asleep = rows.filter({ has: offers, hasText: 'Asleep since connected' });
    await expect.poll(() => asleep.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const vin = await asleep.first().getAttribute('data-vin');
    const row = page.locator(`[data-vin="${vin}"]`);
    // What the vehicle list gives is shown: name, model, state.
    await expect.poll(() => row.getByText('Asleep', { exact: true }).count()).toBe(1);
    expect(await row.getByText(/Asleep since connected/).isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-live-read-now-offer') });

    const wakes = async () =>
      ((await (await fetch(`${simUrl}/sim/state`)).json()) as { wakesCaused: number }).wakesCaused;
    expect(await wakes()).toBe(0);
    await row.getByRole('button', { name: /^Read now/ }).click();
    await expect.poll(() => row.getByRole('button', { name: /^Waking and reading…/ }).count()).toBe(1);
    await expect.poll(wakes, { timeout: 10_000 }).toBe(1);
    // The car takes 10–30 s (simulated) to wake: move the simulator's clock on.
    const advanced = await fetch(`${simUrl}/sim/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 35_000 }),
    });
    expect(advanced.status).toBe(200);
    await expect.poll(() => row.locator('.battery').count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByRole('button', { name: /^Read now/ }).count()).toBe(0);
    expect(await wakes()).toBe(1);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-live-read-now-done') });

    // The wake is on the bill.
    await page.getByRole('link', { name: 'Costs' }).click();
    const wakeStat = page.locator('.stat').filter({ hasText: 'Wakes' }).locator('.stat-value');
    await expect.poll(() => wakeStat.textContent(), { timeout: 15_000 }).toBe('1');
  });
});
