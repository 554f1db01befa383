import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Reservation, ReservationPayments } from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { addPricedVehicle, inviteAndRegister, newCustomerPage } from './support/customer';
import { operatorHeaders } from './support/operator';
import { expectNoHorizontalOverflow, localDate, snap } from './support/phone';

// Paying at confirmation at phone size, against a fresh `npm start` (no Stripe keys: the built-in
// payments simulator): a declined card is refused beside the form and changes nothing; a card that
// asks for 3-D Secure goes through the simulator's challenge page twice (rental, then deposit) and
// comes back confirmed; the rental is charged and the deposit held.
describe('paying for a reservation at phone size', () => {
  const ZONE = 'America/Chicago';
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let customer: Page;
  const displayName = 'Paying Y';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-payments-'));
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC: 'false', RESERVATION_DRIVER_VERIFICATION: 'off' });
    browser = await launchChromium();
    await addPricedVehicle(app.url, { vin: '7SAYGDEE1PA900077', model: 'model_y', displayName }, 12_345);
    customer = await newCustomerPage(browser, ZONE);
    await inviteAndRegister(customer, app.url, {
      phone: '+15125550177',
      name: 'Pat Payer',
      email: 'pat.payer@example.com',
      password: 'correct horse battery staple',
      timeZone: ZONE,
    });
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a declined card changes nothing; a 3-D Secure card is authenticated and the reservation confirmed', async () => {
    const period = { from: `${localDate(ZONE, 3)}T10:00`, to: `${localDate(ZONE, 5)}T10:00` };
    await customer.goto(`${app.url}/browse?${new URLSearchParams(period).toString()}`);
    const reserve = customer.getByRole('button', { name: `Reserve ${displayName}`, exact: true });
    await reserve.waitFor({ timeout: 15_000 });
    await expect.poll(() => reserve.isEnabled()).toBe(true);
    await reserve.click();
    await customer.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    const id = customer.url().split('/').at(-1) ?? '';
    await customer.getByLabel(/I accept the terms/).check();

    const card = customer.getByLabel('Card number');
    const pay = customer.getByRole('button', { name: /Confirm reservation · pay \$246\.90/ });
    // Not one of the simulator's cards: said beside the field, nothing sent.
    await card.fill('1234 5678');
    await pay.click();
    await expect.poll(() => customer.locator('#card-error').textContent()).toMatch(/test cards/);

    await card.fill('4000 0000 0000 0002');
    await pay.click();
    await expect.poll(() => customer.getByRole('alert').first().textContent()).toMatch(/declined/);
    await snap(customer, 'phone-customer-card-declined');
    await expectNoHorizontalOverflow(customer);
    expect(await axeViolations(customer)).toEqual([]);
    const held = (await (
      await customer.request.get(`${app.url}/api/v1/reservations/${id}`)
    ).json()) as Reservation;
    expect(held.status).toBe('held');

    await card.fill('4000 0000 0000 3220');
    await pay.click();
    // The rental's challenge, then the deposit's: each comes back to the review, which goes on.
    for (const step of ['rental', 'deposit']) {
      await customer.waitForURL(/\/redirect\/authenticate\//, { timeout: 15_000 });
      await snap(customer, `phone-customer-3ds-${step}`);
      await customer.getByRole('button', { name: 'Complete' }).click();
    }
    await customer.waitForURL(`${app.url}/reservations/${id}/confirmed`, { timeout: 15_000 });
    await expect.poll(() => customer.getByRole('heading', { level: 1 }).textContent()).toBe('You’re booked!');

    const headers = await operatorHeaders(app.url);
    const answer = await fetch(`${app.url}/api/v1/reservations/${id}/payments`, { headers });
    expect(answer.status).toBe(200);
    const payments = (await answer.json()) as ReservationPayments;
    expect(payments.items.map((p) => [p.purpose, p.status, p.capturedMinor, p.capturableMinor])).toEqual([
      ['rental', 'succeeded', 24_690, 0],
      ['deposit', 'requires_capture', 0, 30_000],
    ]);
    expect(payments.totals).toMatchObject({ netMinor: 24_690, heldMinor: 30_000 });
  });
});
