import type { Browser, Page } from 'playwright-core';
import type { VehicleModel } from '@cybertacotruck/contracts';
import { VIEWPORTS } from './browser';
import { operatorHeaders } from './operator';
import { invitationSms } from './sms';

export interface TestCustomer {
  phone: string;
  name: string;
  email: string;
  password: string;
  /** IANA zone of the customer's phone (the browser context's time zone). */
  timeZone: string;
}

/** A phone in the customer's own time zone: a new browser context, as a second device. */
export async function newCustomerPage(browser: Browser, timeZone: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: VIEWPORTS.phone,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
    timezoneId: timeZone,
  });
  return context.newPage();
}

/** The operator adds a car in service and prices its model, over the API (no Tesla needed). */
export async function addPricedVehicle(
  url: string,
  vehicle: { vin: string; model: VehicleModel; displayName: string },
  dailyRateMinor = 9900,
): Promise<{ id: string }> {
  const headers = await operatorHeaders(url);
  const created = await fetch(`${url}/api/v1/vehicles`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...vehicle, color: 'Pearl White', modelYear: 2025 }),
  });
  if (created.status !== 201)
    throw new Error(`adding a vehicle answered ${created.status}: ${await created.text()}`);
  const rate = await fetch(`${url}/api/v1/rates/${vehicle.model}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ dailyRateMinor, depositMinor: 30000, currency: 'USD' }),
  });
  if (rate.status !== 200) throw new Error(`setting the rate answered ${rate.status}: ${await rate.text()}`);
  return (await created.json()) as { id: string };
}

/**
 * The operator invites the customer's phone over the API; the customer opens the SMS link from the
 * notification service's dev inbox on their phone and registers with the code. Ends on /browse, signed in.
 */
export async function inviteAndRegister(page: Page, url: string, customer: TestCustomer): Promise<void> {
  const headers = await operatorHeaders(url);
  const invited = await fetch(`${url}/api/v1/invitations`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone: customer.phone, name: customer.name }),
  });
  if (invited.status !== 201) throw new Error(`inviting answered ${invited.status}: ${await invited.text()}`);
  const { link, code } = await invitationSms(url, customer.phone, headers);
  await page.goto(link);
  await page.getByLabel('Code from the SMS').fill(code);
  await page.getByLabel('E-mail').fill(customer.email);
  await page.getByLabel('Password').fill(customer.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/browse/);
}

/**
 * Reserves `displayName` from the browse page for the given wall-clock times ("YYYY-MM-DDTHH:mm"
 * in the customer's zone): review, accept the terms, pay with the simulator's test card, confirm.
 * Returns the reservation id.
 */
export async function reserveOnPhone(
  page: Page,
  url: string,
  displayName: string,
  period: { from: string; to: string },
): Promise<string> {
  await page.goto(`${url}/browse?${new URLSearchParams(period).toString()}`);
  const reserve = page.getByRole('button', { name: `Reserve ${displayName}`, exact: true });
  await reserve.waitFor({ timeout: 15_000 });
  for (let i = 0; i < 50 && !(await reserve.isEnabled()); i++) await page.waitForTimeout(100);
  await reserve.click();
  await page.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1) ?? '';
  await page.getByLabel(/I accept the terms/).check();
  // The payments simulator's card that succeeds (npm start without Stripe keys).
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: /Confirm reservation/ }).click();
  await page.waitForURL(`${url}/reservations/${id}/confirmed`);
  return id;
}
