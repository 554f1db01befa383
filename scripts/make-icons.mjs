// Renders the PWA icons from one SVG with Debian's Chromium. Run once after changing the mark;
// the PNGs are committed (the build does not need a browser).
import { chromium } from 'playwright-core';

const mark = (pad) => `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="100%" height="100%">
  <rect width="64" height="64" fill="#16181d"/>
  <g transform="translate(${pad} ${pad}) scale(${(64 - 2 * pad) / 64})">
    <path d="M8 42 L24 20 L56 30 L56 42 Z" fill="#e8e6e1"/>
    <circle cx="19" cy="44" r="5" fill="#e31937"/><circle cx="46" cy="44" r="5" fill="#e31937"/>
  </g>
</svg>`;

const icons = [
  { file: 'icon-192.png', size: 192, pad: 4 },
  { file: 'icon-512.png', size: 512, pad: 4 },
  { file: 'icon-maskable-512.png', size: 512, pad: 12 },
  { file: 'apple-touch-icon.png', size: 180, pad: 6 },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage();
for (const { file, size, pad } of icons) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0">${mark(pad)}</body></html>`);
  await page.screenshot({ path: new URL(`../apps/web/public/icons/${file}`, import.meta.url).pathname });
}
await browser.close();
