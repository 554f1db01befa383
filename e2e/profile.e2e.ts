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
import { invitationSms, smsMatching } from './support/sms';

// Plain words at phone size, against a fresh `npm start`: every field's message at once beside
// its field (a wrong SMS code with a weak password), "Forgot password?" from sign-in to a new
// password by SMS code, and the Account page: name and e-mail, a new phone confirmed by the code
// sent to it, and a new password with the current one.
describe('account words at phone size', () => {
  const ZONE = 'Europe/Madrid';
  const PHONE = '+1 202 555 0193';
  const E164 = '+12025550193';
  const PASSWORD = 'tacos-on-the-moon-42';
  const NEW_PASSWORD = 'burritos-in-orbit-77';
  const FINAL_PASSWORD = 'nachos-near-neptune-39';
  const NEW_PHONE = '+1 202 555 0196';
  const NEW_E164 = '+12025550196';
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

  it('edits name and e-mail, moves to a new phone with the code sent to it, and changes the password', async () => {
    await customer.goto(`${app.url}/account`);
    await customer.getByRole('heading', { name: 'Profile' }).waitFor();

    // Name and e-mail: our own check beside the field first, then saved.
    await customer.getByLabel('Name', { exact: true }).fill('Dee Park-Lee');
    await customer.getByLabel('E-mail', { exact: true }).fill('not-an-address');
    await customer.getByRole('button', { name: 'Save name and e-mail' }).click();
    expect(await fieldError('E-mail').textContent()).toBe(
      'Enter an e-mail address such as rosa@example.com.',
    );
    await customer.getByLabel('E-mail', { exact: true }).fill('dee.park@example.com');
    await customer.getByRole('button', { name: 'Save name and e-mail' }).click();
    await customer.getByText('Name and e-mail saved.').waitFor();

    // A number another account has: the server's 409, said beside the field.
    await customer.getByLabel('New phone number').fill('+1 555 010 0000');
    await customer.getByRole('button', { name: 'Send a code to the new number' }).click();
    await expect
      .poll(() => fieldError('New phone number').textContent())
      .toBe('New phone number already belongs to another account.');
    await customer.getByLabel('New phone number').fill(NEW_PHONE);
    await customer.getByRole('button', { name: 'Send a code to the new number' }).click();
    await customer.getByLabel('Code from the SMS').waitFor();
    const sms = await smsMatching(app.url, NEW_E164, headers, /confirm this phone number is \d{6}/);
    const code = /(\d{6})/.exec(sms)?.[1] ?? '';
    await customer.getByLabel('Code from the SMS').fill(code === '000000' ? '000001' : '000000');
    await customer.getByRole('button', { name: 'Confirm the new number' }).click();
    await expect
      .poll(() => fieldError('Code from the SMS').textContent())
      .toBe('That is not the code we sent by SMS. 4 tries left.');
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-account-phone-code');
    await customer.getByLabel('Code from the SMS').fill(code);
    await customer.getByRole('button', { name: 'Confirm the new number' }).click();
    await customer.getByText(`Your phone number is now ${NEW_E164}.`, { exact: false }).waitFor();
    // The previous number is told it no longer belongs to the account.
    await smsMatching(app.url, E164, headers, /changed to one ending in 0196/);

    // Password: a wrong current one and a weak new one, both beside their fields at once.
    await customer.getByLabel('Current password').fill('not-my-password-1');
    await customer.getByLabel('New password', { exact: true }).fill('password123');
    await customer.getByLabel('New password again').fill('password123');
    await customer.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => fieldError('Current password').textContent())
      .toBe('Current password is not the password of your account.');
    expect(await fieldError('New password').textContent()).toMatch(/^New password is too easy to guess/);
    expect(await customer.getByRole('alert').count()).toBe(0);
    expect(await customer.locator('main').textContent()).not.toMatch(/must NOT|The request is invalid/);
    await customer.getByLabel('Current password').fill(NEW_PASSWORD);
    await customer.getByLabel('New password', { exact: true }).fill(FINAL_PASSWORD);
    await customer.getByLabel('New password again').fill(FINAL_PASSWORD);
    await customer.getByRole('button', { name: 'Change password' }).click();
    await customer.getByText('Your password is changed.', { exact: false }).waitFor();
    // This session stays; the owner is told on their new number.
    await smsMatching(app.url, NEW_E164, headers, /your password was just changed/);
    expect(await axeViolations(customer)).toEqual([]);
    await snap(customer, 'phone-account-profile');

    // A fresh sign-in with the new number and the new password.
    await customer
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sign out' })
      .click();
    await customer.goto(`${app.url}/sign-in`);
    await customer.getByLabel('Phone or e-mail').fill(NEW_PHONE);
    await customer.getByLabel('Password').fill(FINAL_PASSWORD);
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.waitForURL(/\/browse/);
    await customer.goto(`${app.url}/account`);
    expect(await customer.getByLabel('Name', { exact: true }).inputValue()).toBe('Dee Park-Lee');
    expect(await customer.getByLabel('E-mail', { exact: true }).inputValue()).toBe('dee.park@example.com');
  });
});
