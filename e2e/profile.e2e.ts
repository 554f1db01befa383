import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DevMessageList } from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { newCustomerPage } from './support/customer';
import { operatorHeaders } from './support/operator';
import { snap } from './support/phone';
import { invitationSms } from './support/sms';

// Plain words at phone size, against a fresh `npm start`: every field's message at once beside
// its field (a wrong SMS code with a weak password), and "Forgot password?" from sign-in to a new
// password by SMS code.
describe('account words at phone size', () => {
  const ZONE = 'Europe/Madrid';
  const PHONE = '+1 202 555 0193';
  const E164 = '+12025550193';
  const PASSWORD = 'tacos-on-the-moon-42';
  const NEW_PASSWORD = 'burritos-in-orbit-77';
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let customer: Page;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-profile-'));
    // Two minutes to start: this shared machine runs at a load of 20 at times.
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC: 'false' });
    browser = await launchChromium();
    headers = await operatorHeaders(app.url);
    customer = await newCustomerPage(browser, ZONE);
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fieldError = (label: string) =>
    customer
      .locator('.field')
      .filter({ has: customer.getByLabel(label, { exact: true }) })
      .locator('.field-error');

  it('registration tells a wrong code and a weak password together, each beside its field, once', async () => {
    const invited = await fetch(`${app.url}/api/v1/invitations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ phone: PHONE, name: 'Dee Park' }),
    });
    expect(invited.status).toBe(201);
    const { link, code } = await invitationSms(app.url, PHONE, headers);
    await customer.goto(link);
    await customer.getByLabel('Code from the SMS').fill(code === '000000' ? '000001' : '000000');
    await customer.getByLabel('E-mail').fill('dee@example.com');
    await customer.getByLabel('Password', { exact: true }).fill('password123');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => fieldError('Code from the SMS').textContent())
      .toMatch(/not the code we sent by SMS/);
    expect(await fieldError('Password').textContent()).toMatch(/^Password is too easy to guess/);
    // Said once: no notice repeats it, and no validator's own words anywhere.
    expect(await customer.getByRole('alert').count()).toBe(0);
    expect(await customer.locator('main').textContent()).not.toMatch(/must NOT|The request is invalid/);
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-register-field-errors');

    await customer.getByLabel('Code from the SMS').fill(code);
    await customer.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.waitForURL(/\/browse/);
  });

  /** The newest reset SMS's code, from the notification service's dev inbox. */
  async function resetCode(): Promise<string> {
    const { 'content-type': _json, ...get } = headers;
    for (let i = 0; i < 150; i++) {
      const response = await fetch(
        `${app.url}/api/v1/notifications/dev-inbox?to=${encodeURIComponent(E164)}`,
        {
          headers: get,
        },
      );
      const bodies = ((await response.json()) as DevMessageList).items.map((m) => m.body);
      const reset = bodies.find((b) => !/register\?token=/.test(b) && /\b\d{6}\b/.test(b));
      const code = reset && /\b(\d{6})\b/.exec(reset)?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('no reset SMS');
  }

  it('"Forgot password?" sends a code by SMS and sets a new password, each message beside its field', async () => {
    await customer.getByRole('button', { name: 'Sign out' }).click();
    await customer.goto(`${app.url}/sign-in`);
    // Both empty: both fields say so at once.
    await customer.getByRole('button', { name: 'Sign in' }).click();
    expect(await fieldError('Phone or e-mail').textContent()).toBe(
      'Enter your phone number or e-mail address.',
    );
    expect(await fieldError('Password').textContent()).toBe('Enter your password.');

    await customer.getByRole('link', { name: 'Forgot password?' }).click();
    await customer.waitForURL(/\/forgot-password$/);
    await customer.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(await axeViolations(customer)).toEqual([]);
    await customer.getByLabel('Phone').fill(PHONE);
    await customer.getByRole('button', { name: 'Send me a code' }).click();
    await customer.getByLabel('Code from the SMS').waitFor();
    const code = await resetCode();

    await customer.getByLabel('Code from the SMS').fill('12');
    await customer.getByLabel('New password').fill('short');
    await customer.getByRole('button', { name: 'Set the new password' }).click();
    expect(await fieldError('Code from the SMS').textContent()).toMatch(/6-digit code/);
    expect(await fieldError('New password').textContent()).toBe('At least 10 characters.');
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-forgot-password');

    await customer.getByLabel('Code from the SMS').fill(code);
    await customer.getByLabel('New password').fill(NEW_PASSWORD);
    await customer.getByRole('button', { name: 'Set the new password' }).click();
    await customer.waitForURL(/\/sign-in\?reset=done$/);
    await customer.getByText('Your password is changed').waitFor();
    await customer.getByLabel('Phone or e-mail').fill('dee@example.com');
    await customer.getByLabel('Password').fill(NEW_PASSWORD);
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.waitForURL(/\/browse/);
  });
});
