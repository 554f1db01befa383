import type { Page } from 'playwright-core';

/** The demo operator every embedded development start creates (README: "Sign in"). */
export const DEMO_OPERATOR = { phone: '+15550100000', password: 'taco-fleet-demo' };

/** Signs in over the API, as a script would: the session cookie and the CSRF token to send. */
export async function operatorHeaders(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phoneOrEmail: DEMO_OPERATOR.phone, password: DEMO_OPERATOR.password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

/** Signs in through the sign-in page, as the operator would on their phone. */
export async function signInAsOperator(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Phone or e-mail').fill(DEMO_OPERATOR.phone);
  await page.getByLabel('Password').fill(DEMO_OPERATOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}/operator`);
}

/** The operator's pages by navigation group (apps/web/src/app/operator-nav.tsx). */
const OPERATOR_GROUP_OF: Record<string, string> = {
  Today: 'Fleet',
  Live: 'Fleet',
  Vehicles: 'Fleet',
  Locations: 'Fleet',
  Tesla: 'Fleet',
  Costs: 'Fleet',
  Reservations: 'Bookings',
  Business: 'Bookings',
  Rates: 'Bookings',
  Invite: 'People',
  Customers: 'People',
  Licences: 'People',
  Deliveries: 'Messages',
  Alerts: 'Messages',
  'Dead letters': 'Messages',
  'Dev inbox': 'Messages',
};

/**
 * Opens an operator page from the navigation as a person would: its tab when the current group
 * shows it, else its group first (the groups row), then the tab.
 */
export async function openOperatorTab(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Operator' });
  const tab = nav.getByRole('list', { name: 'Pages', exact: true }).getByRole('link', { name, exact: true });
  if (!(await tab.isVisible())) {
    const group = OPERATOR_GROUP_OF[name];
    if (!group) throw new Error(`no operator page is called ${name}`);
    await nav.getByRole('link', { name: group, exact: true }).click();
  }
  await tab.click();
  // Pages load lazily: the navigation commits (the tab becomes the current page) once the page's
  // chunk is in, and until then the previous page stays on screen.
  await nav
    .getByRole('list', { name: 'Pages', exact: true })
    .locator('a[aria-current="page"]', { hasText: name })
    .waitFor({ timeout: 15_000 });
}

/**
 * The signed-in operator connects the Tesla simulator's demo account from Fleet → Tesla (its OAuth
 * pages), as a person would. Returns the simulator's origin, for its `/sim/*` control API.
 */
export async function connectTeslaSimulator(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/operator/tesla`);
  await page.getByRole('button', { name: 'Connect Tesla' }).click();
  await page.waitForURL(/\/oauth2\/v3\/authorize/);
  const simUrl = new URL(page.url()).origin;
  await page.getByLabel('Email').fill('demo@tesla-sim.test');
  await page.getByLabel('Password').fill('cybertaco');
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/operator\/tesla\?connected=/);
  return simUrl;
}
