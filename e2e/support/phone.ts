import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath, VIEWPORTS } from './browser';

/** Nothing may scroll sideways at phone width but what scrolls inside its own box (chips, the timeline). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    VIEWPORTS.phone.width,
  );
}

/**
 * Checks the page for sideways overflow, then takes a full-page screenshot from the top (a
 * full-page shot taken while scrolled paints the sticky top bar in the middle of the page).
 */
export async function snap(page: Page, name: string): Promise<void> {
  await expectNoHorizontalOverflow(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** "YYYY-MM-DD" of today + `days` on the wall calendar of `timeZone`. */
export function localDate(timeZone: string, days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const [y = 0, m = 1, d = 1] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
