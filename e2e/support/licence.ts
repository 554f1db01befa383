import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { DriverVerification, Me } from '@cybertacotruck/contracts';
import { openOperatorTab } from './operator';

/** A real 1×1 PNG, so the operator's browser can draw it after the server decrypts it. */
export const LICENCE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** What a renter types from their licence: valid for four more years, a driver born in 1990. */
export const LICENCE_DETAILS = {
  licenceNumber: 'D1234-5678',
  country: 'US',
  region: 'TX',
  expiresOn: `${String(new Date().getUTCFullYear() + 4)}-06-30`,
  dateOfBirth: '1990-04-12',
};

/**
 * The renter, signed in on `page`, gives their licence on Account → Driver's licence: three photos
 * through the file inputs (as the phone's camera hands them over), then the details. Ends with the
 * licence waiting for the operator.
 */
export async function submitLicenceOnPhone(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/account/licence`);
  await page.getByRole('heading', { name: 'Driver’s licence' }).waitFor();
  for (const label of ['Front of the licence', 'Back of the licence', 'A selfie']) {
    const input = page.getByLabel(label);
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: LICENCE_PNG });
    await expect
      .poll(() => input.locator('xpath=..').textContent(), { timeout: 30_000 })
      .toContain('Photo received');
  }
  await page.getByLabel('Licence number').fill(LICENCE_DETAILS.licenceNumber);
  await page.getByLabel('Country that issued it').fill(LICENCE_DETAILS.country);
  await page.getByLabel(/State or region/).fill(LICENCE_DETAILS.region);
  await page.getByLabel('Valid until').fill(LICENCE_DETAILS.expiresOn);
  await page.getByLabel('Date of birth').fill(LICENCE_DETAILS.dateOfBirth);
  await page.getByRole('button', { name: 'Send my licence for a check' }).click();
  await expect
    .poll(() => page.locator('.licence').textContent(), { timeout: 30_000 })
    .toContain('Licence to check');
}

/** The operator, signed in on `page`, approves `customerName`'s licence from People → Licences. */
export async function approveLicenceOnPhone(page: Page, customerName: string): Promise<void> {
  await openOperatorTab(page, 'Licences');
  const card = page.getByRole('region', { name: `Driver’s licence of ${customerName}` });
  await card.waitFor();
  await card.getByRole('button', { name: 'Approve licence' }).click();
  // It leaves the queue of licences to check.
  await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(0);
}

/** One JSON (or raw) call to the API as `headers`' user; anything but 200 throws with the answer. */
async function call(
  url: string,
  path: string,
  init: { method?: string; body?: string | Buffer; contentType?: string },
  headers: Record<string, string>,
): Promise<unknown> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: init.contentType ? { ...headers, 'content-type': init.contentType } : headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  if (response.status !== 200)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * Over the API, the customer uploads the three photos and submits the details: the licence then
 * waits for the operator's check. Answers who the customer is. The app must keep licence photos
 * somewhere (the embedded start does, in DATA_DIR).
 */
export async function submittedLicenceOverApi(url: string, customer: Record<string, string>): Promise<Me> {
  const me = (await call(url, '/me', {}, { cookie: customer.cookie ?? '' })) as Me;
  for (const kind of ['front', 'back', 'selfie'])
    await call(
      url,
      `/me/driver-verification/photos/${kind}`,
      { method: 'PUT', body: LICENCE_PNG, contentType: 'image/png' },
      customer,
    );
  await call(
    url,
    '/me/driver-verification',
    { method: 'POST', body: JSON.stringify(LICENCE_DETAILS) },
    customer,
  );
  return me;
}

/**
 * The cheap way for journeys that are not about the licence (over the API): the customer submits
 * their licence (above), the operator approves.
 */
export async function approvedLicenceOverApi(
  url: string,
  customer: Record<string, string>,
  operator: Record<string, string>,
): Promise<void> {
  const me = await submittedLicenceOverApi(url, customer);
  const decided = (await call(
    url,
    `/customers/${me.user.id}/driver-verification/decision`,
    { method: 'POST', body: JSON.stringify({ decision: 'approve' }) },
    operator,
  )) as DriverVerification;
  if (decided.status !== 'approved') throw new Error(`the licence is ${decided.status} after approval`);
}
