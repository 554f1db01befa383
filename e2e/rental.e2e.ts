import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LiveFleet, Rental, Terms } from '@cybertacotruck/contracts';
import { dayAt, reserveAndConfirm, seedCustomerAndCars } from './support/api-journey';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import { operatorHeaders, signInAsOperator } from './support/operator';

// Issue 17 item 4 on a phone: the operator marks the pickup (readings from the Tesla simulator),
// the car is driven (in the simulator), the operator marks the return: more km and less charge
// than at pickup are charged by the terms, and the renter's receipt is delivered.
describe('pickup and return at phone size', () => {
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-rental-'));
    app = await startApp({
      DATA_DIR: dataDir,
      TESLA_SYNC_TICK_MS: '1000',
      READY_AT_PICKUP: 'false',
      // As production: no confirmation without an approved licence (given over the API below).
      RESERVATION_DRIVER_VERIFICATION: 'required',
    });
    browser = await launchChromium();
    page = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records readings at pickup and return from the car, charges them and sends the receipt', async () => {
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
    const sim = (path: string, body: unknown) =>
      fetch(`${simUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const operator = await operatorHeaders(app.url);
    const { 'content-type': _json, ...readHeaders } = operator;
    const fleet = async () =>
      (await (await fetch(`${app.url}/api/v1/fleet/live`, { headers: readHeaders })).json()) as LiveFleet;
    // A car awake and parked, read at import (its odometer and charge are known).
    await expect
      .poll(async () => (await fleet()).items.some((i) => i.live?.odometerMi != null), { timeout: 30_000 })
      .toBe(true);
    const car = (await fleet()).items.find(
      (i) => i.live?.odometerMi != null && i.live.activity !== 'driving' && i.live.connectivity === 'online',
    );
    if (!car) throw new Error('no online, parked car with an odometer');

    // Terms whose fees a short drive exceeds: 1 km a day included.
    const published = await fetch(`${app.url}/api/v1/terms`, {
      method: 'POST',
      headers: operator,
      body: JSON.stringify({
        title: 'Rental terms (with fees at return)',
        body: 'Fees at return.',
        returnFees: {
          includedKmPerDay: 1,
          perKmFeeMinor: 50,
          chargeFeePerPercentMinor: 100,
          lateGraceMinutes: 60,
          lateFeePerHourMinor: 1_000,
        },
      }),
    });
    expect(published.status, await published.clone().text()).toBe(201);
    expect(((await published.json()) as Terms).returnFees?.includedKmPerDay).toBe(1);

    const { customer } = await seedCustomerAndCars(app.url, {
      cars: 0,
      phone: '+15125550188',
      vinPrefix: 'X',
      licence: true,
    });
    const reservation = await reserveAndConfirm(app.url, customer, car.vehicle.id, dayAt(1), dayAt(2));

    await page.goto(`${app.url}/operator/reservations/${reservation.id}`);
    const panel = page.getByRole('region', { name: 'Pickup and return' });
    await panel.getByRole('button', { name: 'Mark picked up' }).click();
    await expect.poll(() => panel.getByText(/^Picked up /).count(), { timeout: 15_000 }).toBe(1);
    const rental = async () =>
      (await (
        await fetch(`${app.url}/api/v1/reservations/${reservation.id}/rental`, { headers: readHeaders })
      ).json()) as Rental;
    const atPickup = (await rental()).pickup?.readings;
    expect(atPickup?.odometerKm).not.toBeNull();
    expect(atPickup?.chargePercent).not.toBeNull();

    // The renter drives off (in the simulator); inventory follows the car.
    expect((await sim(`/sim/vehicles/${car.vehicle.vin}/drive`, { minutes: 45 })).status).toBe(204);
    const odometer = async () =>
      (await fleet()).items.find((i) => i.vehicle.id === car.vehicle.id)?.live?.odometerMi ?? 0;
    const before = await odometer();
    await expect
      .poll(
        async () => {
          await sim('/sim/clock/advance', { ms: 10 * 60_000 });
          return (await odometer()) - before;
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBeGreaterThan(5);

    await panel.getByRole('button', { name: 'Mark returned' }).click();
    await expect.poll(() => panel.getByText(/^Total charged/).count(), { timeout: 15_000 }).toBe(1);
    const receipt = (await rental()).return;
    expect(receipt?.readings.odometerKm ?? 0).toBeGreaterThan(atPickup?.odometerKm ?? 0);
    expect(receipt?.charges.map((c) => c.kind)).toContain('distance');
    expect(receipt?.totalMinor).toBe(receipt?.charges.reduce((sum, c) => sum + c.amountMinor, 0));
    expect(await panel.getByText(/Distance over the allowance/).count()).toBe(1);

    // The renter's receipt goes out by e-mail (and SMS, as their switches say).
    await expect
      .poll(
        async () => {
          const deliveries = (await (
            await fetch(`${app.url}/api/v1/notifications/deliveries?limit=200`, { headers: readHeaders })
          ).json()) as { items: { template: string; channel: string; status: string }[] };
          return deliveries.items.filter((d) => d.template === 'rental_receipt' && d.channel === 'email')
            .length;
        },
        { timeout: 30_000 },
      )
      .toBe(1);

    // Phone-size rules: no sideways scroll, 44 px buttons, axe-clean.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('phone-rental-returned'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });
});
