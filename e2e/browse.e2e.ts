import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { VehicleModel } from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { inviteAndRegister, newCustomerPage } from './support/customer';
import { operatorHeaders } from './support/operator';
import { localDate, snap } from './support/phone';

// Browsing at phone size, against a fresh `npm start`: the range calendar with each day's free
// cars, the search folding into a summary, sort and filters, a drawing per model, trims and colours
// in words, and the public vehicle page's price and Reserve for a signed-in customer.
describe('browse at phone size', () => {
  const ZONE = 'America/Chicago';
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let customer: Page;
  const cars: Record<string, string> = {};

  /** A car in service with its model priced (one rate per model), over the API. */
  async function addCar(
    headers: Record<string, string>,
    car: { vin: string; model: VehicleModel; displayName: string; trim: string; color: string },
    dailyRateMinor: number,
  ) {
    const created = await fetch(`${app.url}/api/v1/vehicles`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...car, modelYear: 2025 }),
    });
    expect(created.status).toBe(201);
    cars[car.displayName] = ((await created.json()) as { id: string }).id;
    const rate = await fetch(`${app.url}/api/v1/rates/${car.model}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ dailyRateMinor, depositMinor: 30000, currency: 'USD' }),
    });
    expect(rate.status).toBe(200);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-browse-'));
    // Two minutes to start: this shared machine runs at a load of 20 at times.
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC: 'false' });
    browser = await launchChromium();
    const headers = await operatorHeaders(app.url);
    await addCar(
      headers,
      { vin: '7SAYGDEE1PA910001', model: 'model_y', displayName: 'Yara', trim: '74d', color: 'SolidBlack' },
      9900,
    );
    await addCar(
      headers,
      {
        vin: '7SAXCBE51PF910002',
        model: 'model_x',
        displayName: 'Xeno',
        trim: 'plaid',
        color: 'DeepBlueMetallic',
      },
      19900,
    );
    await addCar(
      headers,
      { vin: '5YJ3E1EA1PF910003', model: 'model_3', displayName: 'Trey', trim: '50', color: 'PPSW' },
      7900,
    );
    // Xeno is in the workshop all of the fourth day from now (Chicago): one car fewer free that day.
    const [from, to] = [4, 5].map((d) => new Date(`${localDate(ZONE, d)}T12:00:00Z`));
    const day = (d: Date) => new Date(d.getTime() - 6 * 3_600_000); // noon UTC → 06:00 UTC, midnight CST
    const blocked = await fetch(`${app.url}/api/v1/vehicles/${cars.Xeno ?? ''}/maintenance`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ from: day(from as Date).toISOString(), to: day(to as Date).toISOString() }),
    });
    expect(blocked.status).toBe(201);
    customer = await newCustomerPage(browser, ZONE);
    await inviteAndRegister(customer, app.url, {
      phone: '+1 202 555 0191',
      name: 'Bea Ruiz',
      email: 'bea@example.com',
      password: 'tacos-on-the-moon-42',
      timeZone: ZONE,
    });
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const dayButton = (date: string) => {
    const d = new Date(`${date}T12:00:00Z`);
    const name = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    }).format(d);
    // The name is spoken from parts (the day number is the visible one): spaces may come around them.
    const pattern = name.replace(/, /g, '\\s*,\\s*').replace(/ /g, '\\s+');
    return customer.getByRole('button', { name: new RegExp(`^${pattern}\\b`) });
  };
  /** Shows the month of `date` on the calendar (the next month when the day is in it). */
  const showMonthOf = async (date: string) => {
    if (date.slice(0, 7) !== localDate(ZONE, 0).slice(0, 7))
      await customer.getByRole('button', { name: 'Next month' }).click();
  };
  const cardNames = () =>
    customer
      .getByRole('list', { name: 'Available cars' })
      .getByRole('heading', { level: 3 })
      .allTextContents();

  it('picks the dates on a calendar that shows how many cars are free each day', async () => {
    await customer.goto(`${app.url}/browse`);
    const busy = localDate(ZONE, 4);
    await showMonthOf(busy);
    await expect.poll(() => dayButton(busy).textContent(), { timeout: 15_000 }).toMatch(/2 of 3 cars free/);
    expect(await dayButton(localDate(ZONE, 6)).textContent()).toMatch(/3 of 3 cars free/);
    // Earlier days cannot be picked.
    if (localDate(ZONE, -1).slice(0, 7) === busy.slice(0, 7))
      expect(await dayButton(localDate(ZONE, -1)).isDisabled()).toBe(true);
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-customer-browse-calendar');

    const [first, last] = [localDate(ZONE, 5), localDate(ZONE, 7)];
    await showMonthOf(first);
    await dayButton(first).click();
    await showMonthOf(last);
    await dayButton(last).click();
    expect(await dayButton(first).getAttribute('aria-pressed')).toBe('true');
    expect(await customer.getByLabel('Pick-up').inputValue()).toBe(`${first}T10:00`);
    expect(await customer.getByLabel('Return').inputValue()).toBe(`${last}T10:00`);
    await customer.getByRole('button', { name: 'Show available cars' }).click();
    await customer.waitForURL(new RegExp(`from=${first}T10%3A00&to=${last}T10%3A00`));

    // The form folds into a summary of the search, which opens it again.
    const chip = customer.getByRole('button', { name: /Change dates/ });
    await chip.waitFor();
    expect(await chip.getAttribute('aria-expanded')).toBe('false');
    expect(await customer.getByLabel('Pick-up').count()).toBe(0);
    await expect.poll(cardNames, { timeout: 15_000 }).toEqual(['Trey', 'Xeno', 'Yara']);
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-customer-browse-results');
    await chip.click();
    expect(await customer.getByRole('button', { name: /Close/ }).getAttribute('aria-expanded')).toBe('true');
    expect(await customer.getByLabel('Pick-up').inputValue()).toBe(`${first}T10:00`);
    await customer.getByRole('button', { name: /Close/ }).click();
    expect(await customer.getByLabel('Pick-up').count()).toBe(0);
  });

  it('shows each model in its own drawing and paint, with trims and colours in words', async () => {
    const list = customer.getByRole('list', { name: 'Available cars' });
    const attributes = async (selector: string, name: string) =>
      Promise.all((await list.locator(selector).all()).map((l) => l.getAttribute(name)));
    expect(await attributes('svg[data-model]', 'data-model')).toEqual(['model_3', 'model_x', 'model_y']);
    // Three bodies, three paints.
    const paths = await attributes('svg[data-model] path:nth-of-type(1)', 'd');
    expect(new Set(await attributes('svg[data-model] path:nth-of-type(1)', 'fill')).size).toBe(3);
    expect(new Set(paths).size).toBe(3);
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('2025 · Long Range AWD · Solid Black');
    expect(text).toContain('2025 · Plaid · Deep Blue Metallic');
    expect(text).toContain('2025 · Standard Range · Pearl White');
    expect(text).not.toMatch(/SolidBlack|PPSW|74d/);
  });

  it('sorts by price and filters by price, seats and range, kept in the address', async () => {
    const sort = customer.getByLabel('Sort by');
    await sort.selectOption({ label: 'Price: low to high' });
    await expect.poll(cardNames).toEqual(['Trey', 'Yara', 'Xeno']);
    expect(customer.url()).toContain('sort=price-asc');
    await sort.selectOption({ label: 'Price: high to low' });
    await expect.poll(cardNames).toEqual(['Xeno', 'Yara', 'Trey']);

    await customer.getByLabel('Price per day').selectOption({ label: 'Up to $100.00' });
    await expect.poll(cardNames).toEqual(['Yara', 'Trey']);
    await customer.getByLabel('Price per day').selectOption({ label: 'Any price' });
    await customer.getByLabel('Seats').selectOption({ label: '7 or more' });
    await expect.poll(cardNames).toEqual(['Xeno']);
    await customer.reload();
    await expect.poll(cardNames, { timeout: 15_000 }).toEqual(['Xeno']);
    expect(await customer.getByLabel('Seats').inputValue()).toBe('7');
    await customer.getByLabel('Seats').selectOption({ label: 'Any' });
    // No car has reported a range yet: none is known to have 100 mi when collected.
    await customer.getByLabel('Range when collected').selectOption({ label: 'At least 100 mi' });
    await customer.getByText('No car matches these filters').waitFor();
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-customer-browse-filtered');
  });

  it('the public vehicle page shows the price and Reserve to a signed-in customer', async () => {
    await customer.goto(`${app.url}/vehicles/${cars.Xeno ?? ''}`);
    await customer.getByText('$199.00').waitFor();
    expect(await customer.getByText(/Booking is by invitation/).count()).toBe(0);
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-customer-vehicle-reserve');
    await customer.getByRole('link', { name: 'Reserve Xeno' }).click();
    await customer.waitForURL(/\/browse\?model=model_x&vehicle=/);
    await expect.poll(cardNames, { timeout: 15_000 }).toEqual(['Xeno']);
    await customer.getByRole('button', { name: 'Show every car' }).waitFor();
  });

  it('shows a bar while the page opens on a slow search, gone once the page is there', async () => {
    await customer.goto(`${app.url}/reservations`);
    await customer.getByRole('heading', { level: 1 }).waitFor();
    // A slow search (the answer held back a second in the browser): /browse waits for it before
    // it shows, so the tap must say it was taken.
    const slow = '**/api/v1/availability?*';
    await customer.route(slow, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue();
    });
    try {
      await customer.getByRole('link', { name: 'Browse' }).click();
      await customer.getByRole('progressbar', { name: 'Opening the page' }).waitFor();
      expect(await customer.getByRole('heading', { name: 'Find a car' }).count()).toBe(0);
      await customer.getByRole('heading', { name: 'Find a car' }).waitFor();
      await expect.poll(() => customer.getByRole('progressbar').count()).toBe(0);
    } finally {
      await customer.unroute(slow);
    }
  });
});
