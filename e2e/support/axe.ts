import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core comes with Lighthouse (bench:web); read once, evaluated in the page over the DevTools
// protocol, which the app's Content-Security-Policy does not govern (no script tag is added).
let source: string | undefined;
const axeSource = () =>
  (source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

// Run in the page as text: the e2e project is typed without the DOM library.
const RUN = `(async () => {
  const result = await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  });
  return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => JSON.stringify(n.target)).join(', '));
})()`;

/** The page's WCAG 2.1 A/AA violations as "rule: selectors" lines; [] when it is clean. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource());
  return page.evaluate<string[]>(RUN);
}
