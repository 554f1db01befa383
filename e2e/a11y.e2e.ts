import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AlertList, Me, Reservation } from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { ask, dayAt, hold, reserveAndConfirm, seedCustomerAndCars } from './support/api-journey';
import { repoRoot, startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext, screenshotPath, VIEWPORTS } from './support/browser';
import { submittedLicenceOverApi } from './support/licence';
import { reportVehicleStatus } from './support/live-status';
import { DEMO_OPERATOR } from './support/operator';
import { snap } from './support/phone';
import { invitationSms } from './support/sms';

type Area = 'public' | 'customer' | 'operator';
interface RouteEntry {
  path: string;
  area: Area;
}

/**
 * Every route of the web app, read from apps/web/src/app/router.tsx itself, so a page added there is
 * visited here without anyone remembering to: each `page('/path', …)` or `path: '/path'`, in the
 * area of the list it sits in (`customerPages` behind sign-in, `operatorPages` behind the operator
 * role, the rest public).
 */
function routesOfRouter(): RouteEntry[] {
  const source = readFileSync(join(repoRoot, 'apps/web/src/app/router.tsx'), 'utf8');
  const customerStart = source.indexOf('const customerPages');
  const operatorStart = source.indexOf('const operatorPages');
  const routesStart = source.indexOf('export const routes');
  if (customerStart < 0 || operatorStart < 0 || routesStart < 0)
    throw new Error('router.tsx no longer has customerPages, operatorPages and routes: update a11y.e2e.ts');
  const areaAt = (index: number): Area =>
    index > customerStart && index < operatorStart
      ? 'customer'
      : index > operatorStart && index < routesStart
        ? 'operator'
        : 'public';
  const entries: RouteEntry[] = [];
  for (const match of source.matchAll(/(?:\bpage\(|\bpath:\s*)'([^']+)'/g)) {
    const path = match[1] ?? '';
    const area = path.startsWith('/operator') ? 'operator' : areaAt(match.index);
    entries.push({ path, area });
  }
  return entries;
}

const VIN_PREFIX = '7SAYGDEE1PA8';

// axe (WCAG 2.1 A/AA) on every page of the app at phone (390×844) and desktop (1440×900) size,
// with data on each: a customer with a held, a confirmed (picked up within the day: the live car
// panel shows) and a cancelled reservation and a licence waiting for a check; an operator with
// cars, customers, messages and an alert. Runs on a PostgreSQL server so the renter's live update
// can be played as the telemetry ingest commits it.
describe('every page at both sizes, with axe', () => {
  let database: TestDatabase;
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  const cookies: Record<Exclude<Area, 'public'>, string> = { customer: '', operator: '' };
  const ids = { vehicle: '', customer: '', held: '', confirmed: '', cancelled: '', registerLink: '' };
  const soonCar = { id: '', vin: '', displayName: '' };

  beforeAll(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('expected a server database');
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-a11y-'));
    app = await startApp({
      DATABASE_URL: database.target.url,
      DATA_DIR: dataDir,
      OPERATOR_PHONE: DEMO_OPERATOR.phone,
      OPERATOR_PASSWORD: DEMO_OPERATOR.password,
      TESLA_SYNC: 'false',
      // The held reservation must still be held when the desktop pass reaches it.
      HOLD_TTL_SECONDS: '3600',
      RESERVATION_HOLD_SECONDS: '3600',
    });
    const seeded = await seedCustomerAndCars(app.url, {
      cars: 3,
      phone: '+12025550142',
      vinPrefix: VIN_PREFIX,
    });
    const [first, second, third] = seeded.cars;
    if (!first || !second || !third) throw new Error('expected three cars');
    ids.vehicle = first.id;
    cookies.customer = seeded.customer.cookie ?? '';
    cookies.operator = seeded.operator.cookie ?? '';
    const me = (await (
      await fetch(`${app.url}/api/v1/me`, { headers: { cookie: cookies.customer } })
    ).json()) as Me;
    ids.customer = me.user.id;

    // Confirmed, picked up in two hours: the reservation page shows the car live.
    const soonFrom = new Date(Date.now() + 2 * 3_600_000);
    soonFrom.setUTCSeconds(0, 0);
    const soonTo = new Date(soonFrom.getTime() + 86_400_000);
    const confirmed = await reserveAndConfirm(
      app.url,
      seeded.customer,
      first.id,
      soonFrom.toISOString(),
      soonTo.toISOString(),
    );
    ids.confirmed = confirmed.id;
    // seedCustomerAndCars numbers the VINs after the prefix: the first car's ends in zeros.
    Object.assign(soonCar, { id: first.id, vin: `${VIN_PREFIX}00000`, displayName: first.name });
    // An alert for the operator: the car is projected to miss its charge target at that pickup
    // (what the ready-at-pickup worker commits to inventory's outbox).
    await sql`insert into inventory.outbox (id, type, version, key, occurred_at, data)
      values (${randomUUID()}, 'inventory.vehicle.pickup_charge_at_risk', 1, ${first.id}, now(), ${JSON.stringify(
        {
          vehicleId: first.id,
          vin: `${VIN_PREFIX}00000`,
          name: first.name,
          reservationId: confirmed.id,
          pickupAt: soonFrom.toISOString(),
          batteryLevel: 31,
          projectedPercent: 44,
          targetPercent: 80,
          pluggedIn: false,
          at: new Date().toISOString(),
        },
      )}::jsonb)`.execute(database.db.kysely);
    const alerts = async () =>
      (
        (await (
          await fetch(`${app.url}/api/v1/notifications/alerts`, { headers: { cookie: cookies.operator } })
        ).json()) as AlertList
      ).items.length;
    for (const deadline = Date.now() + 30_000; (await alerts()) === 0;) {
      if (Date.now() > deadline) throw new Error('the charge-at-risk alert did not reach the operator');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const toCancel = await reserveAndConfirm(app.url, seeded.customer, second.id, dayAt(5), dayAt(7));
    const cancelled = await ask(app.url, `/api/v1/reservations/${toCancel.id}/cancel`, {
      method: 'POST',
      headers: { ...seeded.customer, 'idempotency-key': `cancel-${toCancel.id}` },
      body: { reason: 'Plans changed' },
    });
    if (cancelled.status !== 200)
      throw new Error(`cancelling answered ${cancelled.status}: ${cancelled.body}`);
    ids.cancelled = toCancel.id;
    const held = await hold(app.url, seeded.customer, third.id, dayAt(10), dayAt(12), 'a11y-held');
    if (held.status !== 201) throw new Error(`holding answered ${held.status}: ${held.body}`);
    ids.held = (JSON.parse(held.body) as Reservation).id;

    // A licence waiting for the operator's check.
    await submittedLicenceOverApi(app.url, seeded.customer);

    // A second person invited and not yet registered: the registration page with a real link.
    const invited = await ask(app.url, '/api/v1/invitations', {
      method: 'POST',
      headers: seeded.operator,
      body: { phone: '+12025550143', name: 'Walter Skinner' },
    });
    if (invited.status !== 201) throw new Error(`inviting answered ${invited.status}: ${invited.body}`);
    const link = new URL((await invitationSms(app.url, '+12025550143', seeded.operator)).link);
    ids.registerLink = `${link.pathname}${link.search}`;
  }, 300_000);

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The addresses that show a route: its `:params` filled with the seeded ids (several for a reservation). */
  function visitsOf(route: RouteEntry): string[] {
    if (route.path === '*') return ['/no-such-page'];
    if (route.path === '/register') return [ids.registerLink];
    if (route.path === '/reservations/:id')
      return [ids.held, ids.confirmed, ids.cancelled].map((id) => `/reservations/${id}`);
    return [
      route.path.replace(/\/([a-z-]+)\/:(\w+)/g, (_all, segment: string, param: string) => {
        const id =
          segment === 'reservations'
            ? ids.confirmed
            : segment === 'vehicles' || segment === 'live'
              ? ids.vehicle
              : segment === 'customers'
                ? ids.customer
                : undefined;
        if (!id)
          throw new Error(
            `a11y.e2e.ts has no seeded id for :${param} after /${segment} (${route.path}): add one`,
          );
        return `/${segment}/${id}`;
      }),
    ];
  }

  /** Opens `path` in a fresh document and waits for its content; false when it never came. */
  async function open(page: Page, path: string): Promise<boolean> {
    await page.goto(`${app.url}${path}`);
    try {
      await page.locator('main :is(h1, h2)').first().waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('main .loading').count(), { timeout: 20_000 }).toBe(0);
      return true;
    } catch {
      return false;
    }
  }

  /** Opens `path`, waits for its content, and returns axe's violations (or why it could not). */
  async function check(page: Page, path: string): Promise<string[]> {
    // Once more when it did not load: the shared build may have been replaced under the page
    // (another `npm run build`), and a lazily loaded chunk was not there for a moment.
    if (!(await open(page, path)) && !(await open(page, path)))
      return [`never finished loading: ${await page.locator('body').innerText({ timeout: 5_000 })}`];
    const landed = new URL(page.url());
    if (landed.pathname !== new URL(path, app.url).pathname) return [`was sent to ${landed.pathname}`];
    return axeViolations(page);
  }

  async function contextFor(area: Area, size: 'phone' | 'wide'): Promise<BrowserContext> {
    const context = await newContext(browser, size);
    if (area !== 'public') {
      const cookie = cookies[area];
      const name = cookie.slice(0, cookie.indexOf('='));
      await context.addCookies([{ name, value: cookie.slice(name.length + 1), url: app.url }]);
    }
    return context;
  }

  it('lists every route of the router', () => {
    const routes = routesOfRouter();
    // Sanity: the parse found the router's lists (30+ pages in three areas), and each one has an address.
    expect(routes.length).toBeGreaterThan(30);
    for (const area of ['public', 'customer', 'operator'] as const)
      expect(routes.filter((r) => r.area === area).length).toBeGreaterThan(0);
    for (const route of routes) expect(visitsOf(route).length).toBeGreaterThan(0);
  });

  it(
    'has no axe violations on any page at 390×844 and 1440×900',
    async () => {
      const routes = routesOfRouter();
      const failures: string[] = [];
      for (const size of ['phone', 'wide'] as const) {
        for (const area of ['public', 'customer', 'operator'] as const) {
          const context = await contextFor(area, size);
          const page = await context.newPage();
          for (const route of routes.filter((r) => r.area === area)) {
            for (const [i, path] of visitsOf(route).entries()) {
              const violations = await check(page, path);
              for (const v of violations) failures.push(`${size} ${area} ${path}: ${v}`);
              if (size === 'phone' && violations.length === 0) {
                const width = await page.evaluate<number>('document.documentElement.scrollWidth');
                if (width > VIEWPORTS.phone.width)
                  failures.push(`${size} ${area} ${path}: scrolls sideways (${String(width)} px wide)`);
                await page.evaluate('window.scrollTo(0, 0)');
                // Named by the route (not the seeded ids), so a rerun replaces its screenshots.
                const name = `a11y-${area}${route.path.replace(/[/:*]+/g, '-')}${i > 0 ? `-${String(i)}` : ''}`;
                await page.screenshot({ path: screenshotPath(name), fullPage: true });
              }
            }
          }
          await context.close();
        }
      }
      expect(failures).toEqual([]);
    },
    15 * 60_000,
  );

  it("updates the renter's car on their reservation page from the stream, without a reload", async () => {
    const context = await contextFor('customer', 'phone');
    const page = await context.newPage();
    await page.goto(`${app.url}/reservations/${ids.confirmed}`);
    const status = page.locator('.live-car-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Watching the car');
    // From here on, nothing may read the reservation or the car again, and the document must stay
    // the same one (a mark set in it survives only without a reload). The car-access panel's
    // 30-second poll (/rentals/…/access) carries no battery, so it is not counted.
    const reads: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/^\/api\/v1\/(reservations|vehicles)\b/.test(pathname)) reads.push(pathname);
    });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.evaluate('document.documentElement.dataset.liveMark = "kept"');

    // Only the event carries 37%: the stored live state is not written.
    await reportVehicleStatus(database.db.kysely, soonCar, 37, { state: false });
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Battery 37%');
    expect(await status.textContent()).toContain('111 mi range');
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.liveMark')).toBe('kept');
    expect(navigations).toBe(0);
    expect(reads).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'phone-renter-live-car');
    await context.close();
  });
});
