import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Location, Reservation, Vehicle } from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext } from './support/browser';
import { addPricedVehicle, inviteAndRegister, newCustomerPage } from './support/customer';
import { operatorHeaders, signInAsOperator } from './support/operator';
import { localDate, snap } from './support/phone';

const DIRECTIONS = 'https://www.google.com/maps/dir/?api=1&destination=30.2672,-97.7431';
const INSTRUCTIONS = 'Level P2, bays 12-14. The car unlocks from the app.';

// Pickup locations at phone size, against a fresh `npm start`: the operator adds one and makes it a
// car's home; the renter sees the address, the map, the directions link and the instructions on the
// listing, the review, the confirmation (with the calendar file) and the reservation page.
describe('pickup locations at phone size', () => {
  const ZONE = 'America/Chicago';
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let operator: Page;
  let customer: Page;
  let car: { id: string };
  const displayName = 'Congress Y';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-locations-'));
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC: 'false' });
    browser = await launchChromium();
    operator = await (await newContext(browser, 'phone')).newPage();
    car = await addPricedVehicle(app.url, { vin: '7SAYGDEE1PA900001', model: 'model_y', displayName });
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the operator adds a location on the Locations page; a bad phone is refused beside its field', async () => {
    await signInAsOperator(operator, app.url);
    await operator.goto(`${app.url}/operator/locations`);
    await operator.getByRole('button', { name: 'Add location' }).click();
    await operator.getByLabel('Name').fill('Downtown garage');
    await operator.getByLabel('Street', { exact: true }).fill('501 Congress Ave');
    await operator.getByLabel('City').fill('Austin');
    await operator.getByLabel('State / region').fill('TX');
    await operator.getByLabel('Postal code').fill('78701');
    await operator.getByLabel('Country').fill('US');
    await operator.getByLabel('Latitude').fill('30.2672');
    await operator.getByLabel('Longitude').fill('-97.7431');
    await operator.getByLabel('Time zone').fill(ZONE);
    await operator.getByLabel(/Instructions for renters/).fill(INSTRUCTIONS);
    await operator.getByLabel(/Contact phone/).fill('12');
    await operator.getByRole('button', { name: 'Add location' }).click();
    await expect.poll(() => operator.locator('.field-error').first().textContent()).toMatch(/phone/);
    await snap(operator, 'phone-operator-location-form');

    await operator.getByLabel(/Contact phone/).fill('+1 512 555 0100');
    await operator.getByRole('button', { name: 'Add location' }).click();
    const list = operator.getByRole('list', { name: 'Pickup locations' });
    await expect.poll(() => list.textContent()).toContain('Downtown garage');
    expect(await list.textContent()).toContain('+15125550100');
    await snap(operator, 'phone-operator-locations');
  });

  it('the operator makes it the car’s home on the vehicle form; archiving it is then refused', async () => {
    await operator.goto(`${app.url}/operator/vehicles/${car.id}`);
    const select = operator.getByLabel('Home location');
    await expect.poll(() => select.locator('option').allTextContents()).toContain('Downtown garage');
    await select.selectOption({ label: 'Downtown garage' });
    await snap(operator, 'phone-operator-vehicle-home');
    await operator.getByRole('button', { name: /Save/ }).click();
    await operator.waitForURL(`${app.url}/operator/vehicles`);
    const headers = await operatorHeaders(app.url);
    const vehicle = (await (
      await fetch(`${app.url}/api/v1/vehicles/${car.id}`, { headers })
    ).json()) as Vehicle;
    expect(vehicle.homeLocationId).not.toBeNull();

    await operator.goto(`${app.url}/operator/locations`);
    const row = operator.getByRole('list', { name: 'Pickup locations' }).getByRole('listitem').first();
    await expect.poll(() => row.textContent()).toContain('1 vehicle');
    await row.getByRole('button', { name: 'Archive Downtown garage' }).click();
    await row.getByRole('button', { name: 'Yes, archive Downtown garage' }).click();
    await expect.poll(() => row.getByRole('alert').textContent()).toMatch(/home of 1 vehicle/);
    const location = (await (
      await fetch(`${app.url}/api/v1/locations/${vehicle.homeLocationId ?? ''}`)
    ).json()) as Location;
    expect(location.archivedAt).toBeNull();
    await snap(operator, 'phone-operator-location-in-use');
  });

  /** The block every customer page shows: address, map, directions and instructions. */
  const expectPickupPanel = async (page: Page) => {
    const panel = page.getByRole('region', { name: 'Pick-up and return' });
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Downtown garage');
    expect(text).toContain('501 Congress Ave');
    expect(text).toContain('Austin, TX 78701');
    expect(text).toContain(INSTRUCTIONS);
    expect(await panel.getByRole('link', { name: /^Map of Downtown garage/ }).getAttribute('href')).toBe(
      DIRECTIONS,
    );
    expect(await panel.getByRole('link', { name: /^Directions/ }).getAttribute('href')).toBe(DIRECTIONS);
  };

  it('the renter sees where to collect the car on the listing, the review, the confirmation and the reservation', async () => {
    customer = await newCustomerPage(browser, ZONE);
    await inviteAndRegister(customer, app.url, {
      phone: '+1 202 555 0177',
      name: 'Ana Lima',
      email: 'ana@example.com',
      password: 'tacos-on-the-moon-42',
      timeZone: ZONE,
    });
    const period = { from: `${localDate(ZONE, 3)}T10:00`, to: `${localDate(ZONE, 5)}T10:00` };
    await customer.goto(`${app.url}/browse?${new URLSearchParams(period).toString()}`);
    const card = customer.getByRole('list', { name: 'Available cars' }).getByRole('listitem').first();
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('Pick-up: Downtown garage');
    expect(await card.getByRole('link', { name: /^Directions/ }).getAttribute('href')).toBe(DIRECTIONS);
    expect(await card.getByRole('link', { name: /^Map of Downtown garage/ }).isVisible()).toBe(true);
    await snap(customer, 'phone-customer-browse-location');

    await customer.getByRole('button', { name: `Reserve ${displayName}`, exact: true }).click();
    await customer.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    await expectPickupPanel(customer);
    expect(await customer.getByText('To contact the operator, call').isVisible()).toBe(true);
    await snap(customer, 'phone-customer-review-location');

    const id = customer.url().split('/').at(-1) ?? '';
    await customer.getByLabel(/I accept the terms/).check();
    await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
    await customer.getByRole('button', { name: /Confirm reservation/ }).click();
    await customer.waitForURL(`${app.url}/reservations/${id}/confirmed`);
    await expectPickupPanel(customer);
    const ics = customer.getByRole('link', { name: /Add to calendar/ });
    expect(await ics.getAttribute('href')).toBe(`/api/v1/reservations/${id}/calendar.ics`);
    const file = await customer.evaluate(
      async (href) => (await fetch(href)).text(),
      `/api/v1/reservations/${id}/calendar.ics`,
    );
    expect(file).toContain('BEGIN:VEVENT');
    expect(file).toContain(`DTSTART;TZID=${ZONE}:`);
    expect(file).toContain('GEO:30.2672;-97.7431');
    await snap(customer, 'phone-customer-confirmed-location');

    await customer.getByRole('link', { name: 'View reservation' }).click();
    await customer.waitForURL(`${app.url}/reservations/${id}`);
    await expectPickupPanel(customer);
    await snap(customer, 'phone-customer-reservation-location');
    const body = (await customer.evaluate(
      async (p) => (await fetch(p)).json(),
      `/api/v1/reservations/${id}`,
    )) as Reservation;
    expect(body.contactPhone).toBe('+15125550100');

    await customer.goto(`${app.url}/vehicles/${car.id}`);
    await expectPickupPanel(customer);
    await snap(customer, 'phone-public-vehicle-location');
  });
});
