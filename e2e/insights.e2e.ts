import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  AccountEvents,
  ReservationEvents,
  type Insights,
  type Reservation,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  ask,
  dayAt,
  hold,
  reserveAndConfirm,
  seedCustomerAndCars,
  type SessionHeaders,
} from './support/api-journey';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext, screenshotPath, VIEWPORTS } from './support/browser';
import { addPricedVehicle } from './support/customer';
import { DEMO_OPERATOR, openOperatorTab, signInAsOperator } from './support/operator';
import { expectNoHorizontalOverflow, snap } from './support/phone';

const DAY_MS = 86_400_000;
const RATE = 9900;

/** The calendar day `days` before today (UTC, the app's INSIGHTS_TIME_ZONE here). */
const dayAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

// The operator's business numbers after a week of bookings, at phone size, against the built app on
// a PostgreSQL server. Today happens through the API as customers and operators would (invitation,
// registration, searches, a booking paid with the simulator's card, a cancellation with its reason).
// The six days before cannot (periods start in the future), so the test plays the reservation and
// account services' part for them: their events, as those services write them, into their outboxes
// with the day they happened; the relay and the insights consumer take them from there.
describe('the business numbers after a scripted week, at phone size', () => {
  let database: TestDatabase;
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let operator: SessionHeaders;
  let customer: SessionHeaders;
  const cars: Record<'a' | 'b', { id: string; vin: string; displayName: string; model: VehicleModel }> = {
    a: { id: '', vin: '5YJ3E1EA7PF910001', displayName: 'Week Three', model: 'model_3' },
    b: { id: '', vin: '7SAYGDEE1PA910002', displayName: 'Week Why', model: 'model_y' },
  };
  let booked: Reservation;

  /** One event as its service appends it: its outbox, the time it happened. */
  const append = (schema: 'reservation' | 'account', type: string, key: string, at: string, data: object) =>
    sql`insert into ${sql.table(`${schema}.outbox`)} (id, type, version, key, occurred_at, data)
      values (${randomUUID()}, ${type}, 1, ${key}, ${at}::timestamptz, ${JSON.stringify(data)}::jsonb)`.execute(
      database.db.kysely,
    );
  const readings = (at: string) => ({
    at,
    dataAsOf: null,
    odometerKm: null,
    chargePercent: null,
    rangeKm: null,
    tyrePressureBar: null,
    position: null,
    locked: null,
    activity: 'parked',
    distanceFromHomeM: null,
  });

  /** The week before today: two invitations, a registration, two rentals, a cancellation, a lapsed hold. */
  const scriptWeek = async () => {
    const [c1, c2] = [randomUUID(), randomUUID()];
    for (const [i, days] of [6, 6].entries())
      await append('account', AccountEvents.customerInvited.type, `inv-${String(i)}`, dayAt(-days), {
        invitationId: randomUUID(),
        phone: `+1512555010${String(i)}`,
        name: null,
        invitedBy: randomUUID(),
        expiresAt: dayAt(1),
      });
    await append('account', AccountEvents.customerRegistered.type, c1, dayAt(-5), {
      userId: c1,
      invitationId: randomUUID(),
      phone: '+15125550100',
      email: 'week@example.com',
      name: 'Week Renter',
    });
    const facts = (id: string, who: string, car: typeof cars.a, from: number, to: number, days: number) => ({
      reservationId: id,
      customerId: who,
      vehicleId: car.id,
      vehicleName: car.displayName,
      model: car.model,
      from: dayAt(-from),
      to: dayAt(-to),
      timeZone: 'UTC',
      totalDueMinor: days * RATE + 30_000,
      currency: 'USD',
      rentalMinor: days * RATE,
    });
    // A rental of car A: booked five days ago, out four days ago for two days, returned with $25 of charges.
    const rentals = [
      { id: randomUUID(), who: c1, car: cars.a, booked: 5, from: 4, to: 2, charges: 2500 },
      { id: randomUUID(), who: c1, car: cars.b, booked: 3, from: 2, to: 1, charges: 0 },
    ];
    for (const r of rentals) {
      const f = facts(r.id, r.who, r.car, r.from, r.to, r.from - r.to);
      const R = ReservationEvents;
      await append('reservation', R.held.type, r.id, dayAt(-r.booked), {
        ...f,
        holdExpiresAt: dayAt(-r.booked),
      });
      await append('reservation', R.confirmed.type, r.id, dayAt(-r.booked), {
        ...f,
        termsVersion: 1,
        freeCancellationUntil: dayAt(-r.from),
      });
      await append('reservation', R.pickedUp.type, r.id, dayAt(-r.from), {
        ...f,
        at: dayAt(-r.from),
        readings: readings(dayAt(-r.from)),
        by: 'operator',
      });
      await append('reservation', R.returned.type, r.id, dayAt(-r.to), {
        ...f,
        at: dayAt(-r.to),
        readings: readings(dayAt(-r.to)),
        pickupReadings: null,
        pickedUpAt: dayAt(-r.from),
        charges: [],
        totalMinor: r.charges,
        termsVersion: 1,
        by: 'operator',
      });
    }
    // Two days ago a hold cancelled five days before its start ("Too expensive"); yesterday one lapsed.
    const cancelled = randomUUID();
    const fc = facts(cancelled, c2, cars.b, -3, -4, 1);
    await append('reservation', ReservationEvents.held.type, cancelled, dayAt(-2), {
      ...fc,
      holdExpiresAt: dayAt(-2),
    });
    await append('reservation', ReservationEvents.cancelled.type, cancelled, dayAt(-2), {
      ...fc,
      cancelledBy: 'customer',
      reason: 'Too expensive',
      wasConfirmed: false,
    });
    const lapsed = randomUUID();
    const fl = facts(lapsed, c2, cars.a, -2, -3, 1);
    await append('reservation', ReservationEvents.held.type, lapsed, dayAt(-1), {
      ...fl,
      holdExpiresAt: dayAt(-1),
    });
    await append('reservation', ReservationEvents.expired.type, lapsed, dayAt(-1), fl);
  };

  /** Today, over the API: one invited customer registers, searches twice (once in vain), books one car and cancels another hold. */
  const today = async () => {
    const seeded = await seedCustomerAndCars(app.url, { cars: 0, phone: '+12025550143', vinPrefix: 'X' });
    operator = seeded.operator;
    customer = seeded.customer;
    const search = (model: string) =>
      ask(
        app.url,
        `/api/v1/availability?${new URLSearchParams({ from: dayAt(2), to: dayAt(3), model }).toString()}`,
        {
          headers: customer,
        },
      );
    const items = async (model: string) =>
      (JSON.parse((await search(model)).body) as { items: unknown[] }).items;
    expect(await items('cybertruck')).toHaveLength(0);
    expect(await items('model_3')).toHaveLength(1);
    booked = await reserveAndConfirm(app.url, customer, cars.a.id, dayAt(2), dayAt(3));
    const held = await hold(app.url, customer, cars.b.id, dayAt(8), dayAt(9), 'insights-hold-b');
    expect(held.status, held.body).toBe(201);
    const id = (JSON.parse(held.body) as Reservation).id;
    const cancelled = await ask(app.url, `/api/v1/reservations/${id}/cancel`, {
      method: 'POST',
      headers: { ...customer, 'idempotency-key': `cancel-${id}` },
      body: { reason: 'Found another car' },
    });
    expect(cancelled.status, cancelled.body).toBe(200);
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('expected a server database');
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-insights-'));
    app = await startApp(
      {
        DATABASE_URL: database.target.url,
        DATA_DIR: dataDir,
        OPERATOR_PHONE: DEMO_OPERATOR.phone,
        OPERATOR_PASSWORD: DEMO_OPERATOR.password,
        TESLA_SYNC: 'false',
        RESERVATION_DRIVER_VERIFICATION: 'off',
        INSIGHTS_TIME_ZONE: 'UTC',
        INSIGHTS_SEARCH_FLUSH_MS: '200',
      },
      120_000,
    );
    for (const car of [cars.a, cars.b])
      car.id = (
        await addPricedVehicle(
          app.url,
          { vin: car.vin, model: car.model, displayName: car.displayName },
          RATE,
        )
      ).id;
    // Both cars were in the fleet all week.
    await sql`update inventory.vehicle set created_at = now() - interval '8 days'`.execute(
      database.db.kysely,
    );
    await scriptWeek();
    await today();
    browser = await launchChromium();
    page = await (await newContext(browser, 'phone')).newPage();
    await signInAsOperator(page, app.url);
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const numbers = async (days = 7) => {
    const response = await fetch(`${app.url}/api/v1/insights?days=${String(days)}`, { headers: operator });
    expect(response.status).toBe(200);
    return (await response.json()) as Insights;
  };
  // Rentals charged: 2 days and 1 day of the week, 1 day today; the week's return charges.
  const revenue = 2 * RATE + 2500 + RATE + RATE;

  it('counts the week: funnel, money, utilisation, unmet demand and cancellations', async () => {
    // Every event has been through the relay and the consumer, and the searches written.
    await expect
      .poll(async () => (await numbers()).reservations, { timeout: 30_000 })
      .toEqual({ held: 6, confirmed: 3, completed: 2, cancelled: 2, expired: 1, noShow: 0 });
    await expect
      .poll(async () => (await numbers()).searches, { timeout: 10_000 })
      .toEqual({ total: 2, unmet: 1 });
    const n = await numbers();
    expect(booked.quote.subtotalMinor).toBe(RATE);
    expect(n.funnel.map((f) => [f.step, f.count])).toEqual([
      ['invited', 3],
      ['registered', 2],
      ['searched', 1],
      ['held', 3],
      ['confirmed', 2],
      ['completed', 1],
    ]);
    expect(n.money.revenueMinor).toBe(revenue);
    expect(n.utilisation.cars.find((c) => c.vehicleId === cars.a.id)?.bookedDays).toBe(2);
    expect(n.utilisation.cars.find((c) => c.vehicleId === cars.b.id)?.bookedDays).toBe(1);
    expect(n.unmetDemand).toEqual([
      {
        fromDay: dayAt(2).slice(0, 10),
        toDay: dayAt(3).slice(0, 10),
        model: 'cybertruck',
        searches: 1,
        unmet: 1,
      },
    ]);
    expect(n.cancellations.byReason).toEqual(
      expect.arrayContaining([
        { cancelledBy: 'customer', reason: 'Too expensive', count: 1, wasConfirmed: 0 },
        { cancelledBy: 'customer', reason: 'Found another car', count: 1, wasConfirmed: 0 },
      ]),
    );
    expect(n.cancellations.byLeadTime.find((l) => l.leadTime === 'over_7d')?.count).toBe(1);
    expect(n.cancellations.byLeadTime.find((l) => l.leadTime === '3_7d')?.count).toBe(1);
  });

  it('shows them on the Business page at phone size, axe-clean, 7/30/90 days', async () => {
    await openOperatorTab(page, 'Business');
    await expect.poll(() => page.title()).toBe('Business · cybertacotruck');
    const funnel = page.getByRole('list', { name: 'Funnel' });
    await expect.poll(() => funnel.locator('[data-step="invited"] .funnel-count').textContent()).toBe('3');
    expect(await funnel.locator('[data-step="completed"] .funnel-count').textContent()).toBe('1');
    expect(await funnel.locator('[data-step="confirmed"]').textContent()).toContain('33% drop-off');
    const figure = (key: string) => page.locator(`[data-figure="${key}"] .stat-value`).textContent();
    expect(await figure('revenue')).toBe(`$${(revenue / 100).toFixed(2)}`);
    expect(await figure('unmet')).toBe('1 of 2');
    expect(await figure('cancelled')).toBe('2');
    expect(await page.getByRole('table', { name: 'Unmet demand' }).textContent()).toContain('Cybertruck');
    expect(await page.getByRole('table', { name: 'Cancellations by reason' }).textContent()).toContain(
      'Too expensive',
    );
    expect(await page.getByRole('img', { name: /^Revenue:/ }).count()).toBe(1);
    await expectNoHorizontalOverflow(page);
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'phone-operator-business');

    await page.getByText('30 days', { exact: true }).click();
    await expect
      .poll(() => page.getByRole('img', { name: /^Revenue:/ }).getAttribute('aria-label'))
      .toContain('in 30 days');
    await page.getByText('Show the numbers').first().click();
    expect(await axeViolations(page)).toEqual([]);
    await expectNoHorizontalOverflow(page);
  });

  it('is axe-clean at desktop size too, the charts side by side', async () => {
    // The phone's session, in a desktop window.
    const context = await browser.newContext({
      viewport: VIEWPORTS.wide,
      storageState: await page.context().storageState(),
    });
    try {
      const wide = await context.newPage();
      await wide.goto(`${app.url}/operator/business`);
      await wide.locator('[data-step="invited"] .funnel-count').waitFor();
      expect(await wide.locator('[data-figure="revenue"] .stat-value').textContent()).toBe(
        `$${(revenue / 100).toFixed(2)}`,
      );
      expect(await axeViolations(wide)).toEqual([]);
      await wide.screenshot({ path: screenshotPath('wide-operator-business'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('downloads the daily numbers as CSV', async () => {
    const link = page.getByRole('link', { name: 'Download CSV' });
    expect(await link.getAttribute('href')).toBe('/api/v1/insights/daily.csv?days=30');
    await page.getByText('7 days', { exact: true }).click();
    expect(await link.getAttribute('href')).toBe('/api/v1/insights/daily.csv?days=7');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('business-7-days.csv');
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,invited,registered,searches,unmet_searches,held,confirmed,completed,cancelled,utilisation_percent,revenue,currency,tesla_cost_usd',
    );
    expect(lines).toHaveLength(8);
    const row = (days: number) =>
      lines
        .find((l) => l.startsWith(dayAgo(days)))
        ?.split(',')
        .slice(0, 9);
    // day, invited, registered, searches, unmet, held, confirmed, completed, cancelled
    expect(row(6)).toEqual([dayAgo(6), '2', '0', '0', '0', '0', '0', '0', '0']);
    expect(row(5)).toEqual([dayAgo(5), '0', '1', '0', '0', '1', '1', '0', '0']);
    expect(row(2)).toEqual([dayAgo(2), '0', '0', '0', '0', '1', '0', '1', '1']);
    expect(row(1)).toEqual([dayAgo(1), '0', '0', '0', '0', '1', '0', '1', '0']);
    expect(row(0)).toEqual([dayAgo(0), '1', '1', '2', '1', '2', '1', '0', '1']);
    expect(lines.find((l) => l.startsWith(dayAgo(5)))).toContain(`,${((2 * RATE) / 100).toFixed(2)},USD,`);
  });
});
