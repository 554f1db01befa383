import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  VEHICLE_MODEL_LABELS,
  type LiveFleet,
  type Reservation,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext } from './support/browser';
import { openOperatorTab as openTab, operatorHeaders, signInAsOperator } from './support/operator';
import { expectNoHorizontalOverflow, localDate, snap } from './support/phone';
import { invitationSms } from './support/sms';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The whole customer journey on a phone, against a fresh `npm start` (embedded, Tesla simulator):
// the operator invites by SMS, the customer registers from the link, reserves and cancels.
describe('customer journey at phone size', () => {
  const ZONE = 'America/Chicago';
  const PHONE = '+1 202 555 0143';
  const NAME = 'Rosa Díaz';
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let operator: Page;
  let customerContext: BrowserContext;
  let customer: Page;
  /** The car the customer reserves: awake at import, so it reports charge and range. */
  let car: { id: string; displayName: string; model: VehicleModel };
  let reservationId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-customer-'));
    app = await startApp({ DATA_DIR: dataDir, TESLA_SYNC_TICK_MS: '1000' });
    browser = await launchChromium();
    operator = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const openOperatorTab = (name: string) => openTab(operator, name);
  const openCustomerTab = (name: string) =>
    customer.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name, exact: true }).click();

  /** What the API tells the signed-in customer (their cookie, as the page would ask). */
  const customerApi = (path: string): Promise<unknown> =>
    customer.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), path);

  it('operator connects the Tesla simulator, so cars report their charge', async () => {
    await signInAsOperator(operator, app.url);
    await openOperatorTab('Tesla');
    await operator.getByRole('button', { name: 'Connect Tesla' }).click();
    await operator.waitForURL(/\/oauth2\/v3\/authorize/);
    await operator.getByLabel('Email').fill('demo@tesla-sim.test');
    await operator.getByLabel('Password').fill('cybertaco');
    await operator.getByRole('button', { name: 'Sign In' }).click();
    await operator.getByRole('button', { name: 'Allow' }).click();
    await operator.waitForURL(/\/operator\/tesla\?connected=/);

    const headers = await operatorHeaders(app.url);
    await expect
      .poll(
        async () => {
          const fleet = (await (
            await fetch(`${app.url}/api/v1/fleet/live`, { headers })
          ).json()) as LiveFleet;
          const read = fleet.items.find((i) => i.live?.batteryLevel != null && i.vehicle.inService);
          if (read) car = read.vehicle;
          return read !== undefined;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
  });

  it('operator sets the rate of that model on the rates page', async () => {
    await openOperatorTab('Rates');
    const form = operator.getByRole('form', { name: `${VEHICLE_MODEL_LABELS[car.model]} rate` });
    await form.getByLabel('Per day').fill('123.45');
    await form.getByLabel('Deposit').fill('400');
    await form.getByLabel('Currency').fill('USD');
    await form.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved');
    const rates = (await (await fetch(`${app.url}/api/v1/rates`)).json()) as {
      items: { model: string; dailyRateMinor: number; depositMinor: number }[];
    };
    expect(rates.items.find((r) => r.model === car.model)).toMatchObject({
      dailyRateMinor: 12345,
      depositMinor: 40000,
    });
    await snap(operator, 'phone-operator-rates');
  });

  it('operator invites a phone number; the invitation is listed and its SMS is in the dev inbox', async () => {
    await openOperatorTab('Invite');
    await operator.getByLabel('Phone').fill(PHONE);
    await operator.getByLabel('Name (optional)').fill(NAME);
    await operator.getByRole('button', { name: 'Send invitation' }).click();
    await expect
      .poll(() => operator.getByRole('status').filter({ hasText: 'Invitation sent' }).textContent())
      .toContain('+12025550143');
    const row = operator
      .getByRole('list', { name: 'Invitations' })
      .getByRole('listitem')
      .filter({ hasText: NAME });
    await expect.poll(() => row.getByText('Pending').isVisible()).toBe(true);
    expect(await row.getByRole('button', { name: /Resend/ }).isVisible()).toBe(true);
    await snap(operator, 'phone-operator-invite');

    await operator.getByRole('link', { name: 'Open the dev inbox' }).click();
    // The SMS goes out through the notification service a moment after the invite: refresh until it is in.
    const message = operator.getByRole('list', { name: 'Messages' }).getByRole('listitem').first();
    await expect
      .poll(async () => {
        if (!(await message.isVisible())) await operator.getByRole('button', { name: 'Refresh' }).click();
        return message.textContent({ timeout: 1_000 }).catch(() => '');
      })
      .toMatch(/register\?token=.+ with code \d{6}/);
    await snap(operator, 'phone-operator-dev-inbox');
  });

  it('the customer opens the SMS link on their phone and registers, code checked by the server', async () => {
    const { link, code } = await invitationSms(app.url, PHONE, await operatorHeaders(app.url));
    expect(link.startsWith(app.url)).toBe(true);

    // Another phone: a new context, in the customer's own time zone.
    customerContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      serviceWorkers: 'block',
      timezoneId: ZONE,
    });
    customer = await customerContext.newPage();
    await customer.goto(link);
    await expect
      .poll(() => customer.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Welcome, ${NAME}`);
    expect(await customer.getByText('0143').isVisible()).toBe(true);
    expect(await customer.getByLabel('Your name').inputValue()).toBe(NAME);

    // A wrong code first: the server's field error appears under the code field.
    await customer.getByLabel('Code from the SMS').fill(code === '111111' ? '222222' : '111111');
    await customer.getByLabel('E-mail').fill('rosa@example.com');
    await customer.getByLabel('Password').fill('tacos-on-the-moon-42');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => customer.locator('.field-error').first().textContent()).toMatch(/code/i);
    await snap(customer, 'phone-customer-register');

    await customer.getByLabel('Code from the SMS').fill(code);
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.waitForURL(/\/browse/);
    expect(await customerApi('/me')).toMatchObject({ user: { name: NAME, role: 'customer' } });
    // Registration saved the phone's time zone, so days are counted where the customer is.
    expect(await customerApi('/me/preferences')).toMatchObject({ timeZone: ZONE });
  });

  it('browses by dates: cards show charge, range, the daily rate and the total for the dates', async () => {
    const nav = customer.getByRole('navigation', { name: 'Customer' });
    for (const name of ['Browse', 'My reservations', 'Account'])
      await nav.getByRole('link', { name, exact: true }).waitFor();
    // Default: tomorrow 10:00 → the day after, 10:00.
    expect(await customer.getByLabel('Pick-up').inputValue()).toBe(`${localDate(ZONE, 1)}T10:00`);
    expect(await customer.getByLabel('Return').inputValue()).toBe(`${localDate(ZONE, 2)}T10:00`);

    await customer.getByLabel('Pick-up').fill(`${localDate(ZONE, 3)}T10:00`);
    await customer.getByLabel('Return').fill(`${localDate(ZONE, 5)}T10:00`);
    await customer.getByRole('button', { name: 'Show available cars' }).click();
    await customer.waitForURL(new RegExp(`from=${localDate(ZONE, 3)}T10%3A00`));

    const card = customer
      .getByRole('list', { name: 'Available cars' })
      .getByRole('listitem')
      .filter({ has: customer.getByRole('heading', { name: car.displayName, exact: true }) });
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('$246.90 for 2 days');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('$123.45 / day');
    expect(text).toMatch(/\d+%/);
    expect(text).toMatch(/\d+ mi range/);
    expect(text).toContain('$400.00 refundable deposit');
    await snap(customer, 'phone-customer-browse');
  });

  it('reserves: the review shows price, hold, terms and the policy before accepting; then confirmed', async () => {
    await customer.getByRole('button', { name: `Reserve ${car.displayName}`, exact: true }).click();
    await customer.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    reservationId = customer.url().split('/').at(-1) ?? '';
    await expect
      .poll(() => customer.getByRole('heading', { level: 1 }).textContent())
      .toBe('Review and confirm');
    // The terms arrive on their own request: wait for them before reading the page.
    const terms = customer.getByRole('region', { name: /full text/ });
    await expect.poll(async () => (await terms.textContent())?.length ?? 0).toBeGreaterThan(50);
    expect(await customer.getByText(/^Version \d+/).isVisible()).toBe(true);
    expect(await customer.getByRole('timer').textContent()).toMatch(/^\d+:\d\d$/);
    // Card payments are on (the payments simulator): the rental is charged now, the deposit only
    // held, nothing is due at pick-up — never a "total due at pick-up" of both.
    const prices = () => customer.getByRole('definition').allTextContents();
    await expect.poll(prices).toEqual(expect.arrayContaining(['$246.90', '$400.00', 'Nothing']));
    expect(await prices()).not.toContain('$646.90');
    expect(await customer.getByText('Charged to your card now').isVisible()).toBe(true);
    expect(await customer.getByText('2 days × $123.45').isVisible()).toBe(true);
    expect(
      await customer
        .getByText(/^Free cancellation until/)
        .first()
        .isVisible(),
    ).toBe(true);
    await snap(customer, 'phone-customer-review');

    // Confirming without accepting is refused in the page, before any call.
    await customer.getByRole('button', { name: /Confirm reservation/ }).click();
    await expect.poll(() => customer.getByText('Tick the box to accept the terms').isVisible()).toBe(true);
    await customer.getByLabel(/I accept the terms/).check();
    await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
    await customer.getByRole('button', { name: /Confirm reservation/ }).click();
    await customer.waitForURL(`${app.url}/reservations/${reservationId}/confirmed`);
    await expect.poll(() => customer.getByRole('heading', { level: 1 }).textContent()).toBe('You’re booked!');
    await snap(customer, 'phone-customer-confirmed');

    const body = (await customerApi(`/reservations/${reservationId}`)) as Reservation;
    expect(body).toMatchObject({ status: 'confirmed', vehicleId: car.id, timeZone: ZONE });
    expect(body.terms.acceptedAt).not.toBeNull();
    expect(body.quote).toMatchObject({ days: 2, subtotalMinor: 24690, totalDueMinor: 64690 });
  });

  it('lists it under My reservations; cancelling shows the policy, asks again, moves it to Cancelled', async () => {
    await openCustomerTab('My reservations');
    const upcoming = customer.getByRole('list', { name: 'Upcoming reservations' });
    await expect
      .poll(() => upcoming.getByRole('link', { name: car.displayName, exact: true }).isVisible())
      .toBe(true);
    await snap(customer, 'phone-customer-reservations');

    await upcoming.getByRole('link', { name: car.displayName, exact: true }).click();
    await customer.waitForURL(`${app.url}/reservations/${reservationId}`);
    const panel = customer.getByRole('region', { name: 'Cancellation' });
    await expect.poll(() => panel.textContent()).toMatch(/Free cancellation until/);
    await panel.getByRole('button', { name: 'Cancel reservation' }).click();
    await panel.getByLabel('Reason (optional)').fill('Plans changed');
    await snap(customer, 'phone-customer-cancel');
    await panel.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect.poll(() => customer.getByText('Cancelled', { exact: true }).isVisible()).toBe(true);
    expect(await customer.getByText('Reason: Plans changed').isVisible()).toBe(true);

    await customer.getByRole('link', { name: '← My reservations' }).click();
    await expect
      .poll(() => customer.getByRole('heading', { name: 'Nothing coming up' }).isVisible())
      .toBe(true);
    await customer.getByRole('link', { name: 'Cancelled', exact: true }).click();
    const cancelled = customer.getByRole('list', { name: 'Cancelled reservations' });
    await expect
      .poll(() => cancelled.getByRole('link', { name: car.displayName, exact: true }).isVisible())
      .toBe(true);
    await snap(customer, 'phone-customer-cancelled');
    expect(await customerApi(`/reservations/${reservationId}`)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'customer',
      cancelReason: 'Plans changed',
    });
  });

  it('inside the lead time it cannot be cancelled online, and the page says why and until when', async () => {
    // Pick-up in about six hours: the free-cancellation window (24 h before pick-up) is already shut.
    const wall = (instant: number) => {
      const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone: ZONE,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
      }).formatToParts(new Date(instant));
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:00`;
    };
    const soon = Date.now() + 6 * 3_600_000;
    await customer.goto(
      `${app.url}/browse?${new URLSearchParams({ from: wall(soon), to: wall(soon + 86_400_000) }).toString()}`,
    );
    // Another car than the one booked later in this suite, so the timeline shows one booking for it.
    const other = customer
      .getByRole('list', { name: 'Available cars' })
      .getByRole('listitem')
      .filter({ hasNot: customer.getByRole('heading', { name: car.displayName, exact: true }) })
      .first();
    await expect.poll(() => other.getByRole('button', { name: /^Reserve/ }).isEnabled()).toBe(true);
    await other.getByRole('button', { name: /^Reserve/ }).click();
    await customer.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    const id = customer.url().split('/').at(-1) ?? '';
    // Told before accepting: these dates come with no free-cancellation window.
    await expect
      .poll(() => customer.getByText('No free cancellation for these dates:').isVisible())
      .toBe(true);
    await customer.getByLabel(/I accept the terms/).check();
    await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
    await customer.getByRole('button', { name: /Confirm reservation/ }).click();
    await customer.waitForURL(/\/confirmed$/);

    await customer.goto(`${app.url}/reservations/${id}`);
    const panel = customer.getByRole('region', { name: 'Cancellation' });
    await expect
      .poll(() => panel.textContent())
      .toMatch(/can no longer be cancelled online\. Free cancellation ended .+\./);
    expect(await panel.getByRole('button', { name: 'Cancel reservation' }).count()).toBe(0);
    await snap(customer, 'phone-customer-cancel-closed');
    expect(await customerApi(`/reservations/${id}`)).toMatchObject({
      status: 'confirmed',
      cancellation: { allowed: false },
    });
  });

  it('changes notification preferences on the account page, and they persist after a reload', async () => {
    await openCustomerTab('Account');
    const offersByEmail = customer.getByLabel('Offers and news by E-mail');
    await expect.poll(() => offersByEmail.isVisible()).toBe(true);
    expect(await customer.getByText('+12025550143').isVisible()).toBe(true);
    expect(await offersByEmail.isChecked()).toBe(false);
    await offersByEmail.check();
    await customer.getByLabel('No messages at night').check();
    await customer.getByLabel('From').fill('22:30');
    await customer.getByLabel('Until').fill('07:00');
    await customer.getByLabel('Language').selectOption('es');
    await customer.getByRole('button', { name: 'Save preferences' }).click();
    await expect.poll(() => customer.getByText('Preferences saved.').isVisible()).toBe(true);
    await snap(customer, 'phone-customer-account');

    await customer.reload();
    await expect.poll(() => customer.getByLabel('Offers and news by E-mail').isChecked()).toBe(true);
    expect(await customer.getByLabel('From').inputValue()).toBe('22:30');
    expect(await customer.getByLabel('Language').inputValue()).toBe('es');
    expect(await customer.getByLabel('Time zone').inputValue()).toBe(ZONE);
  });

  it('operator sees the customer, and their booking next to maintenance on the timeline', async () => {
    // The customer books again (and keeps it); the operator blocks another car for maintenance.
    await openCustomerTab('Browse');
    await customer.getByLabel('Pick-up').fill(`${localDate(ZONE, 2)}T09:00`);
    await customer.getByLabel('Return').fill(`${localDate(ZONE, 4)}T18:00`);
    await customer.getByRole('button', { name: 'Show available cars' }).click();
    await customer.waitForURL(new RegExp(`from=${localDate(ZONE, 2)}T09%3A00`));
    await customer.getByRole('button', { name: `Reserve ${car.displayName}`, exact: true }).click();
    await customer.waitForURL(/\/reservations\/[0-9a-f-]{36}$/);
    await customer.getByLabel(/I accept the terms/).check();
    await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
    await customer.getByRole('button', { name: /Confirm reservation/ }).click();
    await customer.waitForURL(/\/confirmed$/);

    const headers = await operatorHeaders(app.url);
    const vehicles = (await (await fetch(`${app.url}/api/v1/vehicles`)).json()) as {
      items: { id: string; displayName: string }[];
    };
    const other = vehicles.items.find((v) => v.id !== car.id);
    if (!other) throw new Error('the simulator fleet has one car only');
    const day = (days: number, hour: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 11) +
      `${String(hour).padStart(2, '0')}:00:00Z`;
    const maintenance = await fetch(`${app.url}/api/v1/vehicles/${other.id}/maintenance`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ from: day(6, 8), to: day(8, 17), note: 'New tyres' }),
    });
    expect(maintenance.status).toBe(201);

    await openOperatorTab('Customers');
    const customers = operator.getByRole('list', { name: 'Customers' });
    await expect.poll(() => customers.getByText(NAME).isVisible()).toBe(true);
    expect(await customers.getByText('rosa@example.com').isVisible()).toBe(true);
    await snap(operator, 'phone-operator-customers');

    await openOperatorTab('Reservations');
    const booking = operator.getByRole('button', {
      name: new RegExp(`^Booking: ${NAME}, ${escapeRegExp(car.displayName)},`),
    });
    await expect.poll(() => booking.isVisible()).toBe(true);
    expect(await operator.getByRole('button', { name: /^Maintenance: New tyres/ }).count()).toBe(1);
    await booking.click();
    const detail = operator.getByRole('region', { name: car.displayName });
    await expect.poll(() => detail.textContent()).toContain(NAME);
    expect(await detail.getByText('Confirmed').isVisible()).toBe(true);
    await expectNoHorizontalOverflow(operator);
    await snap(operator, 'phone-operator-timeline');

    // Filters: "Maintenance" leaves only the maintenance block; the car's model brings the booking back.
    await operator.getByLabel('Show').selectOption('maintenance');
    await expect.poll(() => booking.count()).toBe(0);
    expect(await operator.getByRole('button', { name: /^Maintenance: New tyres/ }).count()).toBe(1);
    await operator.getByLabel('Show').selectOption('active');
    await operator.getByLabel('Model').selectOption(car.model);
    await expect.poll(() => booking.count()).toBe(1);
    const rows = await operator.locator('.timeline-model').allTextContents();
    expect(new Set(rows)).toEqual(new Set([VEHICLE_MODEL_LABELS[car.model]]));
  });
});
