import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import { signInAsOperator } from './support/operator';

// Issue 16 item 3 on a phone: the operator unlocks a car from its page (signed, through the
// simulator's proxy), sees the command in the car's log with its cost, and wake asks first.
describe("operator's commands to a car", () => {
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-commands-'));
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC_TICK_MS: '1000', READY_AT_PICKUP: 'false' });
    browser = await launchChromium();
    page = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('unlocks a car, logs it with its cost, and asks before a wake', { timeout: 300_000 }, async () => {
    await signInAsOperator(page, app.url);
    await page.goto(`${app.url}/operator/tesla`);
    await page.getByRole('button', { name: 'Connect Tesla' }).click();
    await page.waitForURL(/\/oauth2\/v3\/authorize/);
    const simUrl = new URL(page.url()).origin;
    await page.getByLabel('Email').fill('demo@tesla-sim.test');
    await page.getByLabel('Password').fill('cybertaco');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/\/operator\/tesla\?connected=/);

    // A car that is online and has the app's key (the demo mix leaves some without).
    type SimCar = { vin: string; state: string; keyPaired: boolean; locked: boolean };
    const simCars = async () =>
      ((await (await fetch(`${simUrl}/sim/state`)).json()) as { vehicles: SimCar[] }).vehicles;
    const car = (await simCars()).find((v) => v.state === 'online' && v.keyPaired && v.locked);
    if (!car) throw new Error('no online, paired, locked car in the simulator');

    await page.getByRole('link', { name: 'Live', exact: true }).click();
    const row = page.locator(`[data-vin="${car.vin}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/operator\/live\//);

    const unlock = page.getByRole('button', { name: /^Unlock: / });
    await unlock.waitFor({ timeout: 90_000 });
    await unlock.click();
    const log = page.getByRole('list', { name: /^Command log of / });
    await expect.poll(() => log.getByRole('listitem').count(), { timeout: 15_000 }).toBe(1);
    const entry = log.getByRole('listitem').first();
    expect(await entry.textContent()).toMatch(/Unlock.*Done.*Operator.*\$0\.001/);
    await expect.poll(async () => (await simCars()).find((v) => v.vin === car.vin)?.locked).toBe(false);

    // Wake names its cost and asks first; cancelling sends nothing.
    await page.getByRole('button', { name: /^Wake… \(about \$0\.02\)/ }).click();
    const confirm = page.getByRole('group', { name: 'Confirm wake' });
    expect(await confirm.getByText(/costs about \$0\.02/).count()).toBe(1);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('group', { name: 'Confirm wake' }).count()).toBe(0);
    expect(await log.getByRole('listitem').count()).toBe(1);

    // Phone-size rules: no sideways scroll, 44 px targets, axe-clean.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const buttons = page.locator('.vehicle-commands button');
    for (let i = 0; i < (await buttons.count()); i++) {
      const box = await buttons.nth(i).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.vehicle-commands').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-vehicle-commands') });
  });
});
