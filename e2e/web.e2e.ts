import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import { addPricedVehicle, inviteAndRegister, newCustomerPage } from './support/customer';
import { openOperatorTab, operatorHeaders, signInAsOperator } from './support/operator';

// The built app as `npm start` runs it (embedded PGlite in a temp dir), driven by Debian's Chromium.
describe('web app in Chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  /** What Chromium reported against the Content-Security-Policy (inline script or style, other origins). */
  const cspViolations: string[] = [];
  const watchCsp = (context: BrowserContext): BrowserContext => {
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return context;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-web-'));
    app = await startApp({ DATA_DIR: dataDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets an operator add a vehicle at phone size, with field errors from the server first', async () => {
    const context = watchCsp(await newContext(browser, 'phone'));
    const page = await context.newPage();
    await signInAsOperator(page, app.url);
    await page.getByRole('link', { name: 'Vehicles' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'No vehicles match' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Add vehicle' }).click();

    // A VIN with a forbidden letter: the server's problem+json names the field, the form shows it.
    await page.getByLabel('VIN').fill('5YJ3E1EAXPF00000O');
    await page.getByLabel('Name shown to customers').fill('Midnight Silver');
    await page.getByRole('button', { name: 'Add vehicle' }).click();
    const vinError = page.locator('.field-error').first();
    await expect.poll(() => vinError.textContent()).toMatch(/pattern|VIN|must/i);
    await page.screenshot({ path: screenshotPath('phone-operator-vehicle-error'), fullPage: true });

    await page.getByLabel('VIN').fill('5YJ3E1EA7PF000001');
    await page.getByLabel('Model', { exact: true }).selectOption('model_3');
    await page.getByLabel('Colour').fill('Midnight Silver Metallic');
    await page.getByLabel('Model year').fill('2024');
    await page.getByLabel('Trim').fill('Long Range AWD');
    await page.getByRole('button', { name: 'Add vehicle' }).click();
    await page.waitForURL(`${app.url}/operator/vehicles`);
    await expect.poll(() => page.getByRole('link', { name: 'Midnight Silver' }).isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('phone-operator-fleet'), fullPage: true });

    // The list is public: it shows the car but not its VIN (the operator's pages do).
    const created = (await (await fetch(`${app.url}/api/v1/vehicles`)).json()) as {
      items: { vin?: string; displayName: string }[];
    };
    expect(created.items.map((v) => v.displayName)).toEqual(['Midnight Silver']);
    expect(created.items.map((v) => v.vin)).toEqual([undefined]);
    await context.close();
  });

  it('shows customers only vehicles in service, at phone and desktop size', async () => {
    for (const body of [
      {
        vin: '7SAYGDEE1PA000002',
        model: 'model_y',
        displayName: 'Pearl',
        color: 'Pearl White',
        modelYear: 2025,
      },
      {
        vin: '7G2CEHED1RA000003',
        model: 'cybertruck',
        displayName: 'Taco',
        color: 'Stainless',
        trim: 'Cyberbeast',
      },
      { vin: '5YJXCDE21LF000004', model: 'model_x', displayName: 'In the shop', inService: false },
    ]) {
      const res = await fetch(`${app.url}/api/v1/vehicles`, {
        method: 'POST',
        headers: await operatorHeaders(app.url),
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
    }
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = watchCsp(await newContext(browser, viewport));
      const page = await context.newPage();
      await page.goto(app.url);
      const cards = page.getByRole('list', { name: 'Vehicles' }).getByRole('listitem');
      await expect.poll(() => cards.count()).toBe(3);
      expect(await page.getByText('In the shop').count()).toBe(0);
      // Nothing sideways-scrolls at phone width but the model chips, which scroll inside their own row.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        viewport === 'phone' ? 390 : 1280,
      );
      await page.screenshot({ path: screenshotPath(`${viewport}-home`), fullPage: viewport === 'desktop' });

      // Keyboard, as a screen-reader or keyboard user would pick a model chip.
      await page.getByRole('radio', { name: 'Cybertruck' }).focus();
      await page.keyboard.press('Space');
      await expect.poll(() => cards.count()).toBe(1);
      await cards.first().getByRole('link').click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Taco');
      await page.screenshot({ path: screenshotPath(`${viewport}-vehicle`), fullPage: true });
      await context.close();
    }
  });

  it('is an installable PWA whose service worker never caches API data', async () => {
    const manifestRes = await fetch(`${app.url}/manifest.webmanifest`);
    expect(manifestRes.status).toBe(200);
    const manifest = (await manifestRes.json()) as {
      display: string;
      icons: { sizes: string; src: string }[];
    };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await fetch(`${app.url}${icon.src}`)).status).toBe(200);

    const sw = await (await fetch(`${app.url}/sw.js`)).text();
    expect(sw).toContain('NetworkOnly');
    expect(sw).not.toMatch(/url:"\/api/);

    // Let the real service worker install, then check an API answer is fresh after it changed.
    const context = watchCsp(await browser.newContext({ viewport: { width: 390, height: 844 } }));
    const page = await context.newPage();
    await page.goto(app.url);
    await page.waitForFunction('navigator.serviceWorker.ready.then((r) => r.active !== null)');
    const count = () =>
      page.evaluate(
        async () => ((await (await fetch('/api/v1/vehicles')).json()) as { items: unknown[] }).items.length,
      );
    const before = await count();
    await fetch(`${app.url}/api/v1/vehicles`, {
      method: 'POST',
      headers: await operatorHeaders(app.url),
      body: JSON.stringify({ vin: '5YJSA1E26MF000005', model: 'model_s', displayName: 'Plaid' }),
    });
    expect(await count()).toBe(before + 1);
    await context.close();
  });

  /** Every visible link and button in the navigation and every `.button`/chip: at least 44 px high. */
  const smallTapTargets = (page: Page) =>
    page.evaluate<{ text: string; height: number }[]>(`
      [...document.querySelectorAll('nav a, nav button, .button, .chip')]
        .filter((e) => e.offsetParent !== null)
        .map((e) => ({ text: (e.textContent || '').trim(), height: e.getBoundingClientRect().height }))
        .filter((t) => t.height < 44)`);
  const scrollY = (page: Page) => page.evaluate<number>('window.scrollY');
  const current = (page: Page, nav: string) =>
    page.getByRole('navigation', { name: nav }).locator('[aria-current="page"]').allTextContents();

  it('customer navigation: a title per page, each new page from its top, the tab of the step', async () => {
    await addPricedVehicle(app.url, { vin: '5YJ3E1EA7PF000077', model: 'model_3', displayName: 'Nav test' });
    const page = await newCustomerPage(browser, 'America/New_York');
    watchCsp(page.context());
    await inviteAndRegister(page, app.url, {
      phone: '+1 202 555 0177',
      name: 'Nav Tester',
      email: 'nav@example.com',
      password: 'tacos-on-the-moon-42',
      timeZone: 'America/New_York',
    });
    await expect.poll(() => page.title()).toBe('Find a car · cybertacotruck');
    expect(await current(page, 'Customer')).toEqual(['Browse']);
    const reserve = page.getByRole('button', { name: 'Reserve Nav test', exact: true });
    await reserve.waitFor();
    // The price came with the availability answer: no quote request per card.
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nav test' }) });
    expect(await card.textContent()).toMatch(/\$[\d,.]+ for 1 day/);
    expect(await smallTapTargets(page)).toEqual([]);

    // Far down the list, as a phone user is when they pick a car.
    await reserve.scrollIntoViewIfNeeded();
    expect(await scrollY(page)).toBeGreaterThan(200);
    await reserve.click();
    await page.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Review and confirm');
    // The review opens at its top (the countdown and the car in view), under the Browse tab.
    expect(await scrollY(page)).toBe(0);
    expect(await page.title()).toBe('Your reservation · cybertacotruck');
    await expect.poll(() => current(page, 'Customer')).toEqual(['Browse']);
    await page.screenshot({ path: screenshotPath('phone-nav-review') });

    await page
      .getByRole('navigation', { name: 'Customer' })
      .getByRole('link', { name: 'My reservations' })
      .click();
    await expect.poll(() => page.title()).toBe('My reservations · cybertacotruck');
    expect(await current(page, 'Customer')).toEqual(['My reservations']);
    expect(await scrollY(page)).toBe(0);
    await page.context().close();
  });

  it('operator navigation: four groups, the current page marked, nothing sideways, at phone and desktop size', async () => {
    for (const [name, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1440, height: 900 }],
    ] as const) {
      const context = watchCsp(
        await browser.newContext({
          viewport,
          ...(name === 'phone' ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
          serviceWorkers: 'block',
        }),
      );
      const page = await context.newPage();
      await signInAsOperator(page, app.url);
      await expect.poll(() => page.title()).toBe('Live fleet · cybertacotruck');
      const nav = page.getByRole('navigation', { name: 'Operator' });
      expect(await nav.getByRole('list').first().getByRole('link').allTextContents()).toEqual([
        'Fleet',
        'Bookings',
        'People',
        'Messages',
      ]);
      expect(await current(page, 'Operator')).toEqual(['Live']);

      await openOperatorTab(page, 'Dead letters');
      await page.waitForURL(`${app.url}/operator/dead-letters`);
      await expect.poll(() => page.title()).toBe('Dead letters · cybertacotruck');
      expect(await current(page, 'Operator')).toEqual(['Dead letters']);
      expect(
        await nav.getByRole('list', { name: 'Pages', exact: true }).getByRole('link').allTextContents(),
      ).toEqual(['Deliveries', 'Alerts', 'Dead letters', 'Dev inbox']);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        viewport.width,
      );
      expect(await smallTapTargets(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`${name}-operator-nav`) });

      await openOperatorTab(page, 'Rates');
      await expect.poll(() => page.title()).toBe('Rates · cybertacotruck');
      await expect.poll(() => current(page, 'Operator')).toEqual(['Rates']);

      // The operator's own account (name, phone, password), under People; on it (outside the
      // operator area) the bar's links do not run into the brand.
      await nav.getByRole('link', { name: 'People', exact: true }).click();
      await nav
        .getByRole('list', { name: 'Pages', exact: true })
        .getByRole('link', { name: 'My account', exact: true })
        .click();
      await page.waitForURL(`${app.url}/account`);
      await expect.poll(() => page.title()).toBe('Account · cybertacotruck');
      await page.getByRole('heading', { name: 'Profile' }).waitFor();
      for (const where of ['the account page', 'the operator area'] as const) {
        // The brand may shrink and its text run out of its box: measure what it draws.
        const links = await page.locator('.topbar nav').boundingBox();
        if (!links) throw new Error('the top bar has no links');
        let overlap = 0;
        for (const part of await page.locator('.topbar .brand > *').all()) {
          const box = await part.boundingBox();
          if (box && box.width > 1) overlap = Math.max(overlap, box.x + box.width - links.x);
        }
        expect(overlap, `px of the bar's brand over its links on ${where}`).toBe(0);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );
        expect(await smallTapTargets(page)).toEqual([]);
        await page.screenshot({ path: screenshotPath(`${name}-operator-${where.replaceAll(' ', '-')}-bar`) });
        if (where === 'the account page') {
          await page
            .getByRole('navigation', { name: 'Main' })
            .getByRole('link', { name: 'Operator' })
            .click();
          await page.waitForURL(`${app.url}/operator`);
          await nav.waitFor();
        }
      }
      await context.close();
    }
  });

  it('runs under its Content-Security-Policy without a single violation', async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self';");
    // Every page the tests above opened (operator and customer, phone and desktop, the PWA) ran
    // under the policy; Chromium logs each blocked inline script/style or foreign load.
    expect(cspViolations).toEqual([]);
  });
});
