import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext } from './support/browser';
import { addPricedVehicle, inviteAndRegister, newCustomerPage, reserveOnPhone } from './support/customer';
import { openOperatorTab, signInAsOperator } from './support/operator';
import { axeViolations } from './support/axe';
import { expectNoHorizontalOverflow, localDate, snap } from './support/phone';

/** A real 1×1 PNG, so the operator's browser can draw it after the server decrypts it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// The driver's licence at phone size against a fresh `npm start` with the check on: the renter is
// refused at confirmation, gives the licence with camera photos, the operator approves it from the
// Licences queue (photos shown only to them), and the renter then confirms.
describe('driver’s licence check at phone size', () => {
  const ZONE = 'America/Chicago';
  const displayName = 'Licence Y';
  const customer = {
    phone: '+12025550177',
    name: 'Lena Park',
    email: 'lena@example.com',
    password: 'tacos-on-the-moon-42',
    timeZone: ZONE,
  };
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let renter: Page;
  let operator: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-licence-'));
    app = await startApp({
      DATA_DIR: dataDir,
      TESLA_SYNC: 'false',
      RESERVATION_DRIVER_VERIFICATION: 'required',
    });
    browser = await launchChromium();
    await addPricedVehicle(app.url, { vin: '7SAYGDEE1PA900177', model: 'model_y', displayName });
    renter = await newCustomerPage(browser, ZONE);
    operator = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a renter without a checked licence cannot confirm, and is pointed to the licence page', async () => {
    await inviteAndRegister(renter, app.url, customer);
    const period = { from: `${localDate(ZONE, 3)}T10:00`, to: `${localDate(ZONE, 5)}T10:00` };
    await renter.goto(`${app.url}/browse?${new URLSearchParams(period).toString()}`);
    const reserve = renter.getByRole('button', { name: `Reserve ${displayName}`, exact: true });
    await reserve.waitFor({ timeout: 15_000 });
    await expect.poll(() => reserve.isEnabled()).toBe(true);
    await reserve.click();
    await renter.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    await renter.getByLabel(/I accept the terms/).check();
    // With payments on (the simulator), its card that succeeds: the licence is checked before any payment.
    const card = renter.getByLabel('Card number');
    if ((await card.count()) > 0) await card.fill('4242 4242 4242 4242');
    await renter.getByRole('button', { name: /Confirm reservation/ }).click();
    const alert = renter.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/driver’s licence is needed/);
    await snap(renter, 'phone-licence-required');
    await alert.getByRole('link', { name: /driver’s licence/ }).click();
    await renter.waitForURL(`${app.url}/account/licence`);
  });

  it('the renter gives the licence: three camera photos, then the details', async () => {
    await renter.getByRole('heading', { name: 'Driver’s licence' }).waitFor();
    for (const label of ['Front of the licence', 'Back of the licence', 'A selfie']) {
      const input = renter.getByLabel(label);
      expect(await input.getAttribute('capture')).toBeTruthy();
      await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
      await expect.poll(() => input.locator('xpath=..').textContent()).toContain('Photo received');
    }
    await renter.getByLabel('Licence number').fill('D1234-5678');
    await renter.getByLabel('Country that issued it').fill('US');
    await renter.getByLabel(/State or region/).fill('TX');
    await renter.getByLabel('Valid until').fill(`${new Date().getUTCFullYear() + 4}-06-30`);
    await renter.getByLabel('Date of birth').fill('1990-04-12');
    await renter.getByRole('button', { name: 'Send my licence for a check' }).click();
    await expect.poll(() => renter.locator('.licence').textContent()).toContain('Licence to check');
    await expectNoHorizontalOverflow(renter);
    expect(await axeViolations(renter)).toEqual([]);
    await snap(renter, 'phone-licence-sent');

    // At rest the photos are sealed: no stored file is a PNG.
    const root = join(dataDir, 'licence-photos');
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files).toHaveLength(3);
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name)).includes(PNG)).toBe(false);
  });

  it('the operator sees it in the Licences queue with its photos and approves it', async () => {
    await signInAsOperator(operator, app.url);
    await openOperatorTab(operator, 'Licences');
    const card = operator.getByRole('region', { name: `Driver’s licence of ${customer.name}` });
    await card.waitFor();
    expect(await card.textContent()).toContain('D1234-5678');
    const photo = card.getByRole('img', { name: `Front of the licence of ${customer.name}` });
    await expect
      .poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(1);
    const href = await photo.getAttribute('src');
    expect(await axeViolations(operator)).toEqual([]);
    await snap(operator, 'phone-operator-licence-queue');
    await card.getByRole('button', { name: 'Approve licence' }).click();
    // It leaves the queue of licences to check, and is among the approved ones.
    await expect.poll(() => card.count()).toBe(0);
    await operator.getByRole('button', { name: 'Approved', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Licence approved');

    // The customer list shows it.
    await openOperatorTab(operator, 'Customers');
    const list = operator.getByRole('list', { name: 'Customers' });
    await expect.poll(() => list.textContent()).toContain('Licence approved');
    await expectNoHorizontalOverflow(operator);

    // The photo is the operator's only: the renter's browser gets 403.
    const renterTry = await renter.request.get(`${app.url}${href ?? ''}`);
    expect(renterTry.status()).toBe(403);
  });

  it('once approved, the renter confirms', async () => {
    const period = { from: `${localDate(ZONE, 8)}T10:00`, to: `${localDate(ZONE, 9)}T10:00` };
    const id = await reserveOnPhone(renter, app.url, displayName, period);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
