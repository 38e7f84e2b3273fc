// Renders klspark's HTML reports in headless Chromium (through puppeteer-core and the Chrome
// DevTools Protocol) and checks each page: no console error and no uncaught exception, no network
// request but the page's own file, the headline (the failing groups, the best model) within the
// first 768 px at 1366x768, and no horizontal overflow of the page at 390 px (tables scroll in their
// own box). Writes a first-screen screenshot of every page. Called by .ci/browser-check.
//
// usage: node browser-check.mjs CHROMIUM SCREENSHOT_DIR NAME=FILE:SELECTOR ...
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(process.env.KLSPARK_NODE_MODULES + '/');
const puppeteer = require('puppeteer-core');

const [chromium, shots, ...pages] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failures = 0;
function fail(name, msg) {
  failures++;
  console.error(`browser-check: FAIL ${name}: ${msg}`);
}
try {
  for (const spec of pages) {
    const [name, rest] = spec.split(/=(.*)/s);
    const colon = rest.lastIndexOf(':');
    const file = path.resolve(rest.slice(0, colon));
    const selector = rest.slice(colon + 1);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      if (r.url() === url) {
        r.continue();
      } else {
        requests.push(r.url().slice(0, 120));
        r.abort();
      }
    });
    await page.setViewport({ width: 1366, height: 768 });
    await page.goto(url, { waitUntil: 'load' });
    const box = await page.evaluate((sel) => {
      const e = document.querySelector(sel);
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, text: e.textContent.trim() };
    }, selector);
    if (errors.length) fail(name, `console errors: ${errors.join(' | ')}`);
    if (requests.length) fail(name, `network requests: ${requests.join(', ')}`);
    if (!box) fail(name, `no element ${selector}`);
    else if (!box.text) fail(name, `${selector} is empty`);
    else if (box.bottom > 768) fail(name, `${selector} ends at ${Math.round(box.bottom)} px, below the first 768 px`);
    await page.screenshot({ path: path.join(shots, `${name}.png`) });
    await page.setViewport({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) fail(name, `the page is ${overflow} px wider than a 390 px screen`);
    if (box && box.text) {
      console.log(`browser-check: ok ${name}: ${selector} at ${Math.round(box.top)}-${Math.round(box.bottom)} px: ${box.text.slice(0, 100)}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
