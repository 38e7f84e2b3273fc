// Renders klspark's HTML reports in headless Chromium (through puppeteer-core and the Chrome
// DevTools Protocol) and checks each page: no console error and no uncaught exception, no network
// request but the page's own file, the headline (the failing groups, the best model) within the
// first 768 px at 1366x768, and no horizontal overflow of the page at 390 px (tables scroll in their
// own box). Then what only a browser shows: no text of a chart drawn outside its chart (a clipped
// title); the stamp at the foot (a UTC ISO time, the klspark version and Spark line, the input, a
// link to a summary.json that exists next to the page); a click on a numeric table header sorting
// the rows by it, both ways; with bucket labels among the parameters (kl-report), the charts'
// categories in bucket order; and bars of close values (mle-report's mean NLL per model) on an
// axis that shows their differences. Writes a first-screen screenshot of every page. Called by
// .ci/browser-check.
//
// usage: node browser-check.mjs CHROMIUM SCREENSHOT_DIR NAME=FILE:SELECTOR ...
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(process.env.KLSPARK_NODE_MODULES + '/');
const puppeteer = require('puppeteer-core');

const [chromium, shots, ...pages] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failures = 0;

// The checks below run in the page (page.evaluate): each returns its problems as strings.

/** Texts of a chart drawn (partly) outside their chart's box: clipped by the SVG viewport. */
function clipped() {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    const title = (svg.querySelector('title') || {}).textContent || '';
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push(`chart "${title.slice(0, 60)}": text "${t.textContent.slice(0, 60)}" is clipped ` +
          `(${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)} px of ${Math.round(box.width)})`);
      }
    }
  }
  return out;
}

/** The stamp at the foot: {text, summary} when complete, else the problem. */
function footer() {
  const f = document.querySelector('footer#stamp');
  if (!f) return 'no footer#stamp';
  const time = f.querySelector('time');
  const at = time && time.getAttribute('datetime');
  if (!at || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(at)) return `the stamp has no UTC ISO time: ${at}`;
  const version = f.querySelector('.version');
  if (!version || !version.textContent.trim() || version.textContent.trim() === 'unknown') {
    return 'the stamp has no klspark version';
  }
  if (!/\(Spark \d+\.\d+\)/.test(f.textContent)) return 'the stamp has no Spark line';
  const input = f.querySelector('.input');
  if (!input || !input.textContent.trim()) return 'the stamp has no input';
  const link = [...f.querySelectorAll('a')].find((a) => /summary\.json$/.test(a.getAttribute('href')));
  if (!link) return 'the stamp has no link to summary.json';
  if (!document.querySelector('#full-report a[href$="summary.json"]')) {
    return 'no link to summary.json beside the title';
  }
  const text = f.textContent.replace(/\s+/g, ' ').trim();
  return { text: text.slice(text.indexOf('Generated')), summary: link.getAttribute('href') };
}

/** With bucket_labels among the parameters: every chart of bucket categories in bucket order. */
function bucketOrder() {
  const row = [...document.querySelectorAll('#parameters td.key')].find((td) => td.textContent === 'bucket_labels');
  if (!row) return [];
  const labels = row.nextElementSibling.textContent.split(', ');
  const out = [];
  let charts = 0;
  for (const svg of document.querySelectorAll('svg')) {
    const seen = [...svg.querySelectorAll('text')].map((t) => t.textContent).filter((t) => labels.includes(t));
    if (seen.length < 2) continue;
    charts++;
    const order = seen.map((t) => labels.indexOf(t));
    if (order.some((v, i) => i > 0 && v < order[i - 1])) {
      out.push(`chart "${svg.querySelector('title').textContent}": categories ${seen.join(', ')}; expected the bucket order ${labels.join(', ')}`);
    }
  }
  if (!charts) out.push(`no chart of the bucket categories ${labels.join(', ')}`);
  return out;
}

/** Bars of values within 20% of each other must differ in length visibly (an axis not from 0). */
function closeBars() {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    if (!svg.querySelector('title').textContent.startsWith('mean NLL per model')) continue;
    const bars = [...svg.querySelectorAll('rect')].filter((r) => r.querySelector('title'));
    const values = bars.map((r) => parseFloat(r.querySelector('title').textContent.split(': ')[1]));
    const widths = bars.map((r) => r.getBoundingClientRect().width);
    if (bars.length < 2) continue;
    const vmin = Math.min(...values);
    const vmax = Math.max(...values);
    const wmin = Math.min(...widths);
    const wmax = Math.max(...widths);
    if (vmin > 0 && vmax / vmin < 1.2 && wmin / wmax > 0.85) {
      out.push(`mean NLL ${vmin}..${vmax} drawn as bars of ${Math.round(wmin)}..${Math.round(wmax)} px: they look alike (an axis from 0)`);
    }
    const axis = [...svg.querySelectorAll('text')].find((t) => / per row/.test(t.textContent));
    if (svg.querySelector('.axis-break') && !(axis && /not 0\)/.test(axis.textContent))) {
      out.push('an axis that does not start at 0 without saying so');
    }
  }
  return out;
}

/** Clicks the first numeric header of the first table with 3 rows or more: sorted up, then down. */
async function sorting(page) {
  const target = await page.evaluate(() => {
    const num = (c) => {
      const x = parseFloat(c.textContent.trim().replace(/[,\s<]/g, '').replace(/\u2212/g, '-').replace('\u221e', 'Infinity'));
      return isNaN(x) ? null : x;
    };
    window.__klsparkColumn = (t, i) => [...t.rows].slice(1).map((r) => num(r.cells[i])).filter((x) => x !== null);
    const plain = [...document.querySelectorAll('table:not(.sortable)')].filter((t) => !t.closest('#parameters'));
    if (plain.length) return { problem: `${plain.length} table(s) not sortable, e.g. #${plain[0].id}` };
    let k = 0;
    let found = null;
    for (const t of document.querySelectorAll('table.sortable')) {
      t.setAttribute('data-check', String(k++));
      [...t.rows[0].cells].forEach((h, i) => {
        const v = window.__klsparkColumn(t, i);
        // A numeric column with 3 values or more, preferably one not in ascending order already.
        if (!h.classList.contains('num') || new Set(v).size < 3) return;
        const ascending = v.every((x, j) => j === 0 || x >= v[j - 1]);
        if (!found || (found.ascending && !ascending)) {
          found = { table: t.getAttribute('data-check'), column: i, header: h.textContent, ascending };
        }
      });
    }
    return found;
  });
  if (!target) return [];
  if (target.problem) return [target.problem];
  const out = [];
  const th = `table[data-check="${target.table}"] tr:first-child > th:nth-child(${target.column + 1})`;
  for (const dir of [1, -1]) {
    await page.click(th);
    const values = await page.evaluate((sel, i) => window.__klsparkColumn(document.querySelector(sel), i),
      `table[data-check="${target.table}"]`, target.column);
    if (values.some((v, i) => i > 0 && dir * (v - values[i - 1]) < 0)) {
      out.push(`a click on "${target.header}" does not sort ${dir > 0 ? 'up' : 'down'}: ${values.slice(0, 8).join(', ')}`);
    }
  }
  return out;
}
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
    for (const problem of await page.evaluate(clipped)) fail(name, problem);
    const stamp = await page.evaluate(footer);
    if (typeof stamp === 'string') fail(name, stamp);
    else if (!fs.existsSync(fileURLToPath(new URL(stamp.summary, url)))) {
      fail(name, `the stamp links ${stamp.summary}, which is not next to the page`);
    }
    for (const problem of await page.evaluate(bucketOrder)) fail(name, problem);
    for (const problem of await page.evaluate(closeBars)) fail(name, problem);
    await page.screenshot({ path: path.join(shots, `${name}.png`) });
    for (const problem of await sorting(page)) fail(name, problem);
    await page.setViewport({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) fail(name, `the page is ${overflow} px wider than a 390 px screen`);
    if (box && box.text) {
      console.log(`browser-check: ok ${name}: ${selector} at ${Math.round(box.top)}-${Math.round(box.bottom)} px: ${box.text.slice(0, 100)}`);
    }
    if (typeof stamp !== 'string') console.log(`browser-check:    ${name}: ${stamp.text}`);
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
