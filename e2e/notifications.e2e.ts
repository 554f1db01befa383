import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DeliveryList, MyNotificationList } from '@cybertacotruck/contracts';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import {
  addPricedVehicle,
  inviteAndRegister,
  newCustomerPage,
  reserveOnPhone,
  type TestCustomer,
} from './support/customer';
import { openOperatorTab as openTab, operatorHeaders, signInAsOperator } from './support/operator';
import { localDate, snap } from './support/phone';

// A confirmed reservation travels as an event (PostgreSQL event log → relay → notification
// consumer → sender) and comes back as the customer's notification, the operator's delivery log
// and the dev inbox's e-mail; all of it at phone size against a fresh `npm start`.
describe('notifications at phone size', () => {
  const CUSTOMER: TestCustomer = {
    phone: '+1 202 555 0188',
    name: 'Amy Santiago',
    email: 'amy@example.com',
    password: 'binders-and-tabs-99',
    timeZone: 'America/New_York',
  };
  const CAR = { vin: '7SAYGDEE1PA000188', model: 'model_y' as const, displayName: 'Noodle' };
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let customer: Page;
  let operator: Page;
  let reservationId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-notifications-'));
    app = await startApp({ DATA_DIR: dataDir, NOTIFICATION_SEND_MS: '200', TESLA_SYNC: 'false' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const customerApi = <T>(path: string): Promise<T> =>
    customer.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), path) as Promise<T>;
  const openOperatorTab = (name: string) => openTab(operator, name);

  it('a new customer sees the empty state, which points to the account page for channels', async () => {
    await addPricedVehicle(app.url, CAR);
    customer = await newCustomerPage(browser, CUSTOMER.timeZone);
    await inviteAndRegister(customer, app.url, CUSTOMER);
    await customer
      .getByRole('navigation', { name: 'Customer' })
      .getByRole('link', { name: 'Notifications', exact: true })
      .click();
    await customer.waitForURL(`${app.url}/notifications`);
    // All four customer tabs fit a 390 px phone without scrolling the navigation sideways.
    const navFits = `(() => { const n = document.querySelector('nav[aria-label="Customer"]');
      return n !== null && n.scrollWidth <= n.clientWidth; })()`;
    expect(await customer.evaluate<boolean>(navFits)).toBe(true);
    // Registration may already have queued a welcome message; the empty state shows only before it.
    const mine = await customerApi<MyNotificationList>('/notifications/mine');
    if (mine.items.length === 0) {
      await expect
        .poll(() => customer.getByRole('heading', { name: 'No messages yet' }).isVisible())
        .toBe(true);
      expect(
        await customer.getByRole('link', { name: 'Change channels in Account' }).getAttribute('href'),
      ).toBe('/account');
      await snap(customer, 'phone-notifications-customer-empty');
    }
    expect(await customer.getByRole('link', { name: 'Choose how we reach you' }).getAttribute('href')).toBe(
      '/account',
    );
  });

  it('after a confirmed reservation, the Notifications page shows the confirmation as sent', async () => {
    reservationId = await reserveOnPhone(customer, app.url, CAR.displayName, {
      from: `${localDate(CUSTOMER.timeZone, 3)}T10:00`,
      to: `${localDate(CUSTOMER.timeZone, 5)}T10:00`,
    });
    expect(reservationId).toMatch(/^[0-9a-f-]{36}$/);

    // Wait for the event to be consumed and both channels to be sent (sender every 200 ms here).
    await expect
      .poll(
        async () => {
          const mine = await customerApi<MyNotificationList>('/notifications/mine');
          const confirmed = mine.items.find((n) => n.template === 'reservation_confirmed');
          return confirmed?.channels.map((c) => `${c.channel}:${c.status}`).sort() ?? [];
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual(['email:sent', 'sms:sent']);

    await customer.goto(`${app.url}/notifications`);
    const messages = customer.getByRole('list', { name: 'Messages' });
    const confirmation = messages
      .getByRole('listitem')
      .filter({ hasText: `Your ${CAR.displayName} is booked` });
    await expect.poll(() => confirmation.first().isVisible(), { timeout: 10_000 }).toBe(true);
    const text = (await confirmation.first().textContent()) ?? '';
    expect(text).toContain('E-mail · sent');
    expect(text).toContain('SMS · sent');
    expect(text).toMatch(/is booked from .+ to .+/);
    // Newest first: the confirmation is the first message.
    expect(await messages.getByRole('listitem').first().textContent()).toContain(
      `${CAR.displayName} is booked`,
    );
    await snap(customer, 'phone-notifications-customer');
  });

  it('the operator’s Deliveries page lists the confirmation’s SMS and e-mail as sent, and filters', async () => {
    operator = await (await newContext(browser, 'phone')).newPage();
    await signInAsOperator(operator, app.url);
    await openOperatorTab('Deliveries');
    await operator.waitForURL(`${app.url}/operator/deliveries`);
    const list = operator.getByRole('list', { name: 'Deliveries' });
    const confirmations = list.getByRole('listitem').filter({ hasText: 'Reservation confirmed' });
    await expect.poll(() => confirmations.count(), { timeout: 10_000 }).toBe(2);
    for (const row of await confirmations.all()) {
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('Sent');
      expect(text).toContain('1 attempt');
      expect(text).toMatch(/provider id dev-/);
    }
    expect(await confirmations.filter({ hasText: CUSTOMER.email }).count()).toBe(1);
    expect(await confirmations.filter({ hasText: '+12025550188' }).count()).toBe(1);
    // Sent ones offer no retry.
    expect(await confirmations.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await snap(operator, 'phone-notifications-deliveries');

    await operator.getByLabel('Channel').selectOption('email');
    await operator.waitForURL(/channel=email/);
    await expect.poll(() => list.getByText('SMS', { exact: true }).count()).toBe(0);
    expect(await confirmations.count()).toBe(1);
    await operator.getByLabel('Status').selectOption('failed');
    await expect
      .poll(() => operator.getByRole('heading', { name: 'No deliveries match' }).isVisible())
      .toBe(true);
    await snap(operator, 'phone-notifications-deliveries-filtered');

    // Retrying one that did not fail is refused with a problem (what the page would show).
    const headers = await operatorHeaders(app.url);
    const sent = (await (
      await fetch(`${app.url}/api/v1/notifications/deliveries?status=sent`, { headers })
    ).json()) as DeliveryList;
    const one = sent.items[0];
    if (!one) throw new Error('no sent delivery');
    const retry = await fetch(`${app.url}/api/v1/notifications/deliveries/${one.id}/retry`, {
      method: 'POST',
      headers: { cookie: headers.cookie ?? '', 'x-csrf-token': headers['x-csrf-token'] ?? '' },
    });
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { detail: string }).detail.length).toBeGreaterThan(0);
  });

  it('the Alerts page renders (no alerts for a car without telemetry trouble)', async () => {
    await openOperatorTab('Alerts');
    await operator.waitForURL(`${app.url}/operator/alerts`);
    await expect.poll(() => operator.getByRole('heading', { name: 'No alerts' }).isVisible()).toBe(true);
    await snap(operator, 'phone-notifications-alerts');
  });

  it('the dev inbox shows the confirmation e-mail, and the invitation SMS, all sent by the notification service', async () => {
    await openOperatorTab('Dev inbox');
    await operator.waitForURL(`${app.url}/operator/dev-inbox`);
    const messages = operator.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    const email = messages
      .filter({ hasText: CUSTOMER.email })
      .filter({ hasText: `Your ${CAR.displayName} is booked` });
    await expect.poll(() => email.count(), { timeout: 10_000 }).toBe(1);
    const text = (await email.textContent()) ?? '';
    expect(text).toContain('E-mail');
    // The invitation SMS went out through the notification service too: it is in the same inbox.
    expect(await messages.filter({ hasText: /register\?token=/ }).count()).toBe(1);
    await snap(operator, 'phone-notifications-dev-inbox');

    await operator.getByRole('link', { name: 'E-mail', exact: true }).click();
    await operator.waitForURL(/channel=email/);
    await expect.poll(() => messages.filter({ hasText: /register\?token=/ }).count()).toBe(0);
    expect(await email.count()).toBe(1);
  });

  it('the Dead letters page renders its empty state, open by default and with all', async () => {
    await openOperatorTab('Dead letters');
    await operator.waitForURL(`${app.url}/operator/dead-letters`);
    await expect
      .poll(() => operator.getByRole('heading', { name: 'No open dead letters' }).isVisible())
      .toBe(true);
    await snap(operator, 'phone-notifications-dead-letters');
    await operator.getByRole('link', { name: 'All', exact: true }).click();
    await expect
      .poll(() => operator.getByRole('heading', { name: 'No dead letters' }).isVisible())
      .toBe(true);
  });

  it('failed deliveries, open dead letters and alerts: confirm, then the API’s 409 detail (stubbed answers)', async () => {
    // The running app has none of these yet, so the page gets canned answers for its lists and a
    // 409 problem for each action: what is checked here is the page, not the service.
    const page = await (await newContext(browser, 'phone')).newPage();
    await signInAsOperator(page, app.url);
    const problem = (detail: string) => ({
      status: 409,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'https://cybertacotruck.dev/problems/conflict',
        title: 'Conflict',
        status: 409,
        detail,
      }),
    });
    const id = '0b7c2a52-4f7e-4b8e-9b7a-2d1f5a0c9e11';
    const now = new Date().toISOString();
    await page.route(
      (u) => u.pathname === '/api/v1/notifications/deliveries',
      (route) =>
        route.fulfill({
          json: {
            items: [
              {
                id,
                eventId: id,
                userId: id,
                template: 'reminder_24h',
                kind: 'reminder',
                channel: 'email',
                recipient: 'a.very.long.address.for.testing.wrapping@subdomain.example-rentals.com',
                language: 'en',
                subject: 'Your pick-up is tomorrow',
                body: 'Tomorrow at 10:00.',
                status: 'failed',
                attempts: 5,
                providerMessageId: null,
                lastError:
                  'SMTP 550 5.1.1 <a.very.long.address.for.testing.wrapping@subdomain.example-rentals.com>: Recipient address rejected: User unknown in virtual mailbox table',
                notBefore: now,
                createdAt: now,
                sentAt: null,
              },
            ],
          },
        }),
    );
    await page.route(`**/api/v1/notifications/deliveries/${id}/retry`, (route) =>
      route.fulfill(problem(`Delivery ${id} has not failed: it was sent meanwhile.`)),
    );
    await page.route(
      (u) => u.pathname === '/api/v1/notifications/dead-letters',
      (route) =>
        route.fulfill({
          json: {
            items: [
              {
                id,
                group: 'notification',
                eventId: id,
                type: 'reservation.confirmed',
                key: `reservation-${id}`,
                topic: 'reservation.events',
                payload: JSON.stringify({
                  id,
                  type: 'reservation.confirmed',
                  data: { reservationId: id, note: 'x'.repeat(300), vehicle: { displayName: 'Noodle' } },
                }),
                error:
                  'TypeError: Cannot read properties of undefined (reading "timeZone") at NotificationEvents.handle',
                attempts: 5,
                failedAt: now,
                replayedAt: null,
                discardedAt: null,
              },
            ],
          },
        }),
    );
    await page.route(`**/api/v1/notifications/dead-letters/${id}/replay`, (route) =>
      route.fulfill(problem(`Dead letter ${id} could not be handled: it failed again.`)),
    );
    await page.route(
      (u) => u.pathname === '/api/v1/notifications/alerts',
      (route) =>
        route.fulfill({
          json: {
            items: [
              {
                id,
                reason: 'low_charge',
                reservationId: id,
                vehicleId: id,
                vehicleName: 'Noodle',
                batteryLevel: 18,
                pickupAt: now,
                returnAt: now,
                createdAt: now,
              },
            ],
          },
        }),
    );

    await page.goto(`${app.url}/operator/deliveries`);
    const row = page.getByRole('list', { name: 'Deliveries' }).getByRole('listitem');
    await expect.poll(() => row.getByText('Failed', { exact: true }).isVisible()).toBe(true);
    expect(await row.textContent()).toContain('Last error: SMTP 550');
    await row.getByRole('button', { name: 'Retry' }).click();
    await row.getByRole('button', { name: 'Yes, retry' }).click();
    await expect
      .poll(() => row.getByRole('alert').textContent())
      .toContain('has not failed: it was sent meanwhile');
    await snap(page, 'phone-notifications-deliveries-failed');

    await page.goto(`${app.url}/operator/dead-letters`);
    const letter = page.getByRole('list', { name: 'Dead letters' }).getByRole('listitem');
    await expect.poll(() => letter.getByText('Open', { exact: true }).isVisible()).toBe(true);
    await letter.getByText('Payload').click();
    expect(await letter.locator('pre').textContent()).toContain('"type": "reservation.confirmed"');
    await letter.getByRole('button', { name: 'Replay' }).click();
    expect(await letter.getByText('Handle this reservation.confirmed event again now?').isVisible()).toBe(
      true,
    );
    await letter.getByRole('button', { name: 'Yes, replay' }).click();
    await expect.poll(() => letter.getByRole('alert').textContent()).toContain('it failed again');
    await snap(page, 'phone-notifications-dead-letters-open');

    await page.goto(`${app.url}/operator/alerts`);
    const alert = page.getByRole('list', { name: 'Alerts' }).getByRole('listitem');
    await expect.poll(() => alert.textContent()).toContain('battery 18%');
    await snap(page, 'phone-notifications-alerts-listed');
    await page.context().close();
  });

  it('the pages also fit a desktop window', async () => {
    const desktop = await (await newContext(browser, 'desktop')).newPage();
    await signInAsOperator(desktop, app.url);
    for (const [path, name] of [
      ['/operator/deliveries', 'deliveries'],
      ['/operator/dev-inbox', 'dev-inbox'],
      ['/operator/dead-letters', 'dead-letters'],
    ] as const) {
      await desktop.goto(`${app.url}${path}`);
      await desktop.getByRole('heading', { level: 1 }).waitFor();
      await desktop.waitForLoadState('networkidle');
      expect(await desktop.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        1280,
      );
      await desktop.screenshot({ path: screenshotPath(`desktop-notifications-${name}`), fullPage: true });
    }
    await desktop.context().close();
  });
});
